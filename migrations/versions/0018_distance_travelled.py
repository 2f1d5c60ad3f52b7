"""distance travelled: the young person's self-assessment rounds

Revision ID: 0018_distance
Revises: 0017_quality
Create Date: 2026-12-04 20:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_distance'
down_revision = '0017_quality'
branch_labels = None
depends_on = None

AREAS = ('daily_routine', 'on_time', 'asking_help', 'working_with_others', 'money', 'health',
         'confidence', 'finnish_at_work', 'knowing_what_i_want', 'job_search')


def upgrade():
    op.create_table('distance_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('filled_by', sa.String(length=10), nullable=False),
    *[sa.Column(area, sa.Integer(), nullable=True) for area in AREAS],
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_distance_rounds_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_distance_rounds_opened_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distance_rounds'))
    )
    with op.batch_alter_table('distance_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distance_rounds_client_id'), ['client_id'], unique=False)


def downgrade():
    with op.batch_alter_table('distance_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distance_rounds_client_id'))
    op.drop_table('distance_rounds')
