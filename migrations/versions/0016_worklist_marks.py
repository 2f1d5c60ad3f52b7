"""each user's done and snoozed worklist items

Revision ID: 0016_worklist
Revises: 0015_esf
Create Date: 2026-12-04 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_worklist'
down_revision = '0015_esf'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'worklist_marks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('until', sa.Date(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_worklist_marks_client_id_clients'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_worklist_marks_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_worklist_marks')),
        sa.UniqueConstraint('user_id', 'kind', 'item_id', name='uq_worklist_mark'),
    )
    with op.batch_alter_table('worklist_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worklist_marks_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worklist_marks_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('worklist_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worklist_marks_user_id'))
        batch_op.drop_index(batch_op.f('ix_worklist_marks_client_id'))
    op.drop_table('worklist_marks')
