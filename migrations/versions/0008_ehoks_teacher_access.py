"""teachers' access to the clients they were invited for

Revision ID: 0008_ehoks
Revises: 0007_audit
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_ehoks'
down_revision = '0007_audit'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('teacher_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_teacher_access_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_teacher_access_granted_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_teacher_access_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher_access')),
    sa.UniqueConstraint('client_id', 'user_id', name=op.f('uq_teacher_access_client_id'))
    )
    with op.batch_alter_table('teacher_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_access_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teacher_access_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('teacher_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_access_user_id'))
        batch_op.drop_index(batch_op.f('ix_teacher_access_client_id'))
    op.drop_table('teacher_access')
