"""the open assessments by due day in an index of their own (PostgreSQL reads them in order)

Revision ID: assessments_0004
Revises: assessments_0003
Create Date: 2026-12-05 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'assessments_0004'
down_revision = 'assessments_0003'
branch_labels = None
depends_on = None

OPEN_ROWS = sa.text("status IN ('pending', 'draft')")


def upgrade():
    op.create_index(
        'ix_assessments_open_due',
        'assessments',
        ['due_on', 'id'],
        sqlite_where=OPEN_ROWS,
        postgresql_where=OPEN_ROWS,
    )


def downgrade():
    op.drop_index('ix_assessments_open_due', table_name='assessments')
