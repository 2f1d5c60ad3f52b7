"""each participant's data-quality checks kept as a row, and their counts per project and coach

Revision ID: 0027_quality_kept_checks
Revises: 0026_caseload_indexes
Create Date: 2026-12-05 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.reports.quality_kept import refresh


# revision identifiers, used by Alembic.
revision = '0027_quality_kept_checks'
down_revision = '0026_caseload_indexes'
branch_labels = None
depends_on = None

CHECKS = (
    'esf_not_asked', 'status_not_asked', 'gender_not_asked', 'education_not_asked',
    'sensitive_not_asked', 'outcome_missing', 'exit_before_entry', 'outcome_not_left',
    'early_follow_up', 'entry_date_bad', 'exit_date_bad', 'birth_year_bad',
    'employed_and_job_searching', 'improved_not_employed', 'follow_up_overdue',
)


def upgrade():
    op.create_table(
        'client_checks',
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('coach_key', sa.Integer(), nullable=False),
        sa.Column('problems', sa.Integer(), nullable=False),
        sa.Column('checked_on', sa.Date(), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in CHECKS),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('client_id'),
    )
    op.create_index('ix_client_checks_checked_on', 'client_checks', ['checked_on'])
    op.create_index('ix_client_checks_valid_until', 'client_checks', ['valid_until'])
    op.create_index(
        'ix_client_checks_problems',
        'client_checks',
        ['coach_key', 'client_id'],
        sqlite_where=sa.text('problems > 0'),
        postgresql_where=sa.text('problems > 0'),
    )
    op.create_table(
        'check_counts',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('coach_key', sa.Integer(), nullable=False),
        sa.Column('participants', sa.Integer(), nullable=False),
        sa.Column('with_problems', sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in CHECKS),
        sa.PrimaryKeyConstraint('project_id', 'coach_key'),
    )
    # Every participant's row as of today: the code that keeps them writes them.
    refresh(bind=op.get_bind())


def downgrade():
    op.drop_table('check_counts')
    op.drop_index('ix_client_checks_problems', table_name='client_checks')
    op.drop_index('ix_client_checks_valid_until', table_name='client_checks')
    op.drop_index('ix_client_checks_checked_on', table_name='client_checks')
    op.drop_table('client_checks')
