"""onboarding translations: a step's or the fading plan's version per language

Revision ID: onboarding_0002
Revises: onboarding_0001
Create Date: 2026-12-05 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'onboarding_0002'
down_revision = 'onboarding_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('onboarding_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=20), nullable=False),
    sa.Column('locale', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('task_analysis', sa.JSON(), nullable=False),
    sa.Column('key_words', sa.JSON(), nullable=False),
    sa.Column('source_digest', sa.String(length=64), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['model_id'], ['onboarding_models.id'], name=op.f('fk_onboarding_translations_model_id_onboarding_models'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_onboarding_translations_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_translations')),
    sa.UniqueConstraint('model_id', 'item_key', 'locale', name=op.f('uq_onboarding_translations_model_id'))
    )
    with op.batch_alter_table('onboarding_translations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onboarding_translations_model_id'), ['model_id'], unique=False)


def downgrade():
    with op.batch_alter_table('onboarding_translations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_onboarding_translations_model_id'))

    op.drop_table('onboarding_translations')
