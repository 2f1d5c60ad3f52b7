"""users.locale holds locale ids with a modifier, such as fi@selko

Revision ID: 0022_locales
Revises: 0021_projects
Create Date: 2026-12-04 23:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_locales'
down_revision = '0021_projects'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column(
            'locale',
            existing_type=sa.String(length=5),
            type_=sa.String(length=16),
            existing_nullable=True,
        )


def downgrade():
    # A locale that does not fit the old width falls back to the default language.
    op.execute("UPDATE users SET locale = NULL WHERE length(locale) > 5")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column(
            'locale',
            existing_type=sa.String(length=16),
            type_=sa.String(length=5),
            existing_nullable=True,
        )
