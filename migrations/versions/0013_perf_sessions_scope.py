"""the signed-in user beside each stored session; indexes for the coach's scope, the start page and the group filter

Revision ID: 0013_perf
Revises: 0012_subject
Create Date: 2026-12-04 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_perf'
down_revision = '0012_subject'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('server_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('group_coaches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_coaches_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clients_updated_at'), ['updated_at'], unique=False)
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.create_index('ix_groups_start_date', ['start_date', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_index('ix_groups_start_date')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_updated_at'))
    with op.batch_alter_table('group_coaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_coaches_user_id'))
    with op.batch_alter_table('server_sessions', schema=None) as batch_op:
        batch_op.drop_column('user_id')
