"""onboarding: workplace photos of a model's steps

Revision ID: onboarding_0003
Revises: onboarding_0002
Create Date: 2026-12-05 00:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'onboarding_0003'
down_revision = 'onboarding_0002'
branch_labels = None
depends_on = "0020_attachments"


def upgrade():
    op.create_table('onboarding_step_photos',
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('step_key', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_onboarding_step_photos_attachment_id_attachments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['model_id'], ['onboarding_models.id'], name=op.f('fk_onboarding_step_photos_model_id_onboarding_models'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attachment_id', name=op.f('pk_onboarding_step_photos'))
    )
    with op.batch_alter_table('onboarding_step_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onboarding_step_photos_model_id'), ['model_id'], unique=False)


def downgrade():
    with op.batch_alter_table('onboarding_step_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_onboarding_step_photos_model_id'))

    op.drop_table('onboarding_step_photos')
