"""one baseline self-assessment per young person and form

Revision ID: assessments_0002
Revises: assessments_0001
Create Date: 2026-12-05 00:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'assessments_0002'
down_revision = 'assessments_0001'
branch_labels = None
depends_on = None

BASELINE = sa.text("occasion = 'intake' AND filled_by = 'client' AND amends_id IS NULL")


def upgrade():
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(
            'uq_assessments_baseline',
            ['client_id', 'form_key'],
            unique=True,
            sqlite_where=BASELINE,
            postgresql_where=BASELINE,
        )


def downgrade():
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index('uq_assessments_baseline')
