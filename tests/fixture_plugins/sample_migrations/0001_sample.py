"""sample plugin table

Revision ID: sample_0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "sample_0001"
down_revision = None
branch_labels = ("sample",)
depends_on = "0001_core"


def upgrade():
    op.create_table(
        "sample_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )


def downgrade():
    op.drop_table("sample_notes")
