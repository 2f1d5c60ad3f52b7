"""the projects side by side and "came back" kept with the dashboard's figures, with the day
each young person's dated shares change

Revision ID: 0029_figures_dated
Revises: 0028_figures_kept
Create Date: 2026-12-05 22:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.reports.figures_dated import PARTS, parts
from portal.reports.figures_kept import rewrite


# revision identifiers, used by Alembic.
revision = '0029_figures_dated'
down_revision = '0028_figures_kept'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('figure_rows') as batch:
        batch.add_column(sa.Column('checked_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('valid_until', sa.Date(), nullable=True))
        for column in ('valid_until', 'checked_on'):
            present = sa.text(f'{column} IS NOT NULL')
            batch.create_index(
                f'ix_figure_rows_{column}',
                [column],
                sqlite_where=present,
                postgresql_where=present,
            )
    # Every young person's dated shares, as of today: the code that keeps them writes them.
    rewrite(PARTS, parts(), op.get_bind())


def downgrade():
    rewrite(PARTS, [], op.get_bind())
    with op.batch_alter_table('figure_rows') as batch:
        batch.drop_index('ix_figure_rows_checked_on')
        batch.drop_index('ix_figure_rows_valid_until')
        batch.drop_column('valid_until')
        batch.drop_column('checked_on')
