"""the open assessments by due day and the latest submitted, through their status

Revision ID: assessments_0003
Revises: assessments_0002
Create Date: 2026-12-05 17:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'assessments_0003'
down_revision = 'assessments_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_assessments_status_due', 'assessments', ['status', 'due_on', 'id'])
    op.create_index('ix_assessments_status_submitted', 'assessments', ['status', 'submitted_at'])


def downgrade():
    op.drop_index('ix_assessments_status_submitted', table_name='assessments')
    op.drop_index('ix_assessments_status_due', table_name='assessments')
