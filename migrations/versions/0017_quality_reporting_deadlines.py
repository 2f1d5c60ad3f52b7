"""reporting deadlines in the project settings and the data-quality reminders before them

Revision ID: 0017_quality
Revises: 0016_worklist
Create Date: 2026-12-04 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_quality'
down_revision = '0016_worklist'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reporting_deadlines', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('quality_remind_days', sa.Integer(), nullable=False,
                                      server_default='14'))

    op.create_table('quality_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('coach_id', sa.Integer(), nullable=False),
    sa.Column('problems', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['coach_id'], ['users.id'], name=op.f('fk_quality_reminders_coach_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_reminders')),
    sa.UniqueConstraint('deadline', 'coach_id', name=op.f('uq_quality_reminders_deadline'))
    )
    with op.batch_alter_table('quality_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_reminders_coach_id'), ['coach_id'], unique=False)


def downgrade():
    with op.batch_alter_table('quality_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_reminders_coach_id'))
    op.drop_table('quality_reminders')
    with op.batch_alter_table('project_settings', schema=None) as batch_op:
        batch_op.drop_column('quality_remind_days')
        batch_op.drop_column('reporting_deadlines')
