"""checkpoints: intensified coaching plan, coach visits, carried-over actions

Revision ID: 0004_checkpoints
Revises: 0003_reports
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_checkpoints'
down_revision = '0003_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('intensified_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkpoint_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('visits_per_week', sa.Integer(), nullable=False),
    sa.Column('weeks', sa.Integer(), nullable=False),
    sa.Column('check_ins_per_week', sa.Integer(), nullable=False),
    sa.Column('focus_skill', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_through', sa.Date(), nullable=True),
    sa.Column('review_outcome', sa.String(length=20), nullable=False),
    sa.Column('review_notes', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checkpoint_id'], ['checkpoints.id'], name=op.f('fk_intensified_plans_checkpoint_id_checkpoints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_intensified_plans_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_intensified_plans_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intensified_plans')),
    sa.UniqueConstraint('checkpoint_id', name=op.f('uq_intensified_plans_checkpoint_id'))
    )
    with op.batch_alter_table('intensified_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intensified_plans_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intensified_plans_end_date'), ['end_date'], unique=False)

    op.create_table('coach_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('missed_reason', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_coach_visits_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['intensified_plans.id'], name=op.f('fk_coach_visits_plan_id_intensified_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_coach_visits_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coach_visits'))
    )
    with op.batch_alter_table('coach_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coach_visits_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coach_visits_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_coach_visits_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coach_visits_status'), ['status'], unique=False)

    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('no_reassessment_reason', sa.Text(), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('checkpoint_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_kind', sa.String(length=20), nullable=False,
                                      server_default='coach'))
        batch_op.add_column(sa.Column('carried_from', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('checkpoint_actions', schema=None) as batch_op:
        batch_op.drop_column('carried_from')
        batch_op.drop_column('owner_kind')
    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.drop_column('no_reassessment_reason')

    with op.batch_alter_table('coach_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coach_visits_status'))
        batch_op.drop_index(batch_op.f('ix_coach_visits_plan_id'))
        batch_op.drop_index(batch_op.f('ix_coach_visits_due_date'))
        batch_op.drop_index(batch_op.f('ix_coach_visits_client_id'))
    op.drop_table('coach_visits')
    with op.batch_alter_table('intensified_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intensified_plans_end_date'))
        batch_op.drop_index(batch_op.f('ix_intensified_plans_client_id'))
    op.drop_table('intensified_plans')
