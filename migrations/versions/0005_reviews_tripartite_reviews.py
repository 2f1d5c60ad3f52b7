"""tripartite reviews: reviews of a placement, their actions and confirmation links

Revision ID: 0005_reviews
Revises: 0004_checkpoints
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_reviews'
down_revision = '0004_checkpoints'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_on', sa.Date(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('difficulties', sa.Text(), nullable=False),
    sa.Column('coach_notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('client_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('client_confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('supervisor_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('supervisor_confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('supervisor_confirmed_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_confirmed_by_id'], ['users.id'], name=op.f('fk_reviews_client_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_reviews_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_reviews_created_by_id_users')),
    sa.ForeignKeyConstraint(['held_by_id'], ['users.id'], name=op.f('fk_reviews_held_by_id_users')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_reviews_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supervisor_confirmed_by_id'], ['users.id'], name=op.f('fk_reviews_supervisor_confirmed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_scheduled_on'), ['scheduled_on'], unique=False)

    op.create_table('review_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_actions_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_actions'))
    )
    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_actions_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_actions_review_id'), ['review_id'], unique=False)

    op.create_table('review_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_review_links_created_by_id_users')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_links_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_review_links_token_hash'))
    )
    with op.batch_alter_table('review_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_links_review_id'), ['review_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_links_review_id'))
    op.drop_table('review_links')
    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_actions_review_id'))
        batch_op.drop_index(batch_op.f('ix_review_actions_due_date'))
    op.drop_table('review_actions')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_scheduled_on'))
        batch_op.drop_index(batch_op.f('ix_reviews_placement_id'))
        batch_op.drop_index(batch_op.f('ix_reviews_held_on'))
        batch_op.drop_index(batch_op.f('ix_reviews_client_id'))
    op.drop_table('reviews')
