"""the employer's placements in the order of their start and of their end: indexes on (company, start date) and (company, end date)

Revision ID: 0024_employer_placements
Revises: 0023_reminders_per_project
Create Date: 2026-12-05 11:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_employer_placements'
down_revision = '0023_reminders_per_project'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        # Both lead with the company: the index on the company alone is no longer needed.
        batch_op.drop_index(batch_op.f('ix_placements_company_id'))
        batch_op.create_index(
            'ix_placements_company_start', ['company_id', 'start_date', 'id'], unique=False
        )
        batch_op.create_index(
            'ix_placements_company_end', ['company_id', 'end_date', 'id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('ix_placements_company_end')
        batch_op.drop_index('ix_placements_company_start')
        batch_op.create_index(batch_op.f('ix_placements_company_id'), ['company_id'], unique=False)
