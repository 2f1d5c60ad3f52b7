"""what each young person adds to the dashboard's figures, kept, and its sums

Revision ID: 0028_figures_kept
Revises: 0027_quality_kept_checks
Create Date: 2026-12-05 19:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.reports.figures_kept import core_shares, rewrite


#: The core's parts when this revision was written.
PARTS = (
    'totals', 'coach', 'state', 'outcome', 'trend', 'group', 'trainee', 'hire', 'follow',
    'f_age', 'f_isced', 'f_status', 'f_migrant', 'f_exit', 'f_six',
)

# revision identifiers, used by Alembic.
revision = '0028_figures_kept'
down_revision = '0027_quality_kept_checks'
branch_labels = None
depends_on = None


def _counted():
    return [
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('coach_key', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('part', sa.String(length=12), nullable=False),
        sa.Column('k1', sa.BigInteger(), nullable=False),
        sa.Column('k2', sa.String(length=40), nullable=False),
        *(sa.Column(f'v{n}', sa.BigInteger(), nullable=False) for n in range(1, 7)),
    ]


def upgrade():
    op.create_table(
        'figure_rows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        *_counted(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_figure_rows_client', 'figure_rows', ['client_id'])
    op.create_table(
        'figure_counts',
        *_counted(),
        sa.PrimaryKeyConstraint('project_id', 'coach_key', 'month', 'part', 'k1', 'k2'),
    )
    # Every young person's shares of the core's parts: the code that keeps them writes them
    # (a plugin's parts are written by its own revisions).
    rewrite(PARTS, core_shares(), op.get_bind())


def downgrade():
    op.drop_table('figure_counts')
    op.drop_index('ix_figure_rows_client', table_name='figure_rows')
    op.drop_table('figure_rows')
