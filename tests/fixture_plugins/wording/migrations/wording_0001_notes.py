"""wording plugin table

Revision ID: wording_0001
Revises:
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "wording_0001"
down_revision = None
branch_labels = ("wording",)
depends_on = "0001_core"


def upgrade():
    op.create_table("wording_notes", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("wording_notes")
