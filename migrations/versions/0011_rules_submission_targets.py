"""the form a one-time form token was used on; reviews cancelled when a placement ends

Revision ID: 0011_rules
Revises: 0010_mfa
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_rules'
down_revision = '0010_mfa'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form', sa.String(length=255), nullable=True))
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.alter_column('cancel_reason', existing_type=sa.Text(), server_default=None)


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_on')
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.drop_column('form')
