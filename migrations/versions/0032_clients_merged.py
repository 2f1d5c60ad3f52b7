"""a duplicate young person's record merged into the one kept

Revision ID: 0032_clients_merged
Revises: 0031_webhooks
Create Date: 2026-12-06 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0032_clients_merged'
down_revision = '0031_webhooks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('merged_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_clients_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_clients_merged_into_id_clients'), 'clients', ['merged_into_id'], ['id'])


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_clients_merged_into_id_clients'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_clients_merged_into_id'))
        batch_op.drop_column('merged_at')
        batch_op.drop_column('merged_into_id')
