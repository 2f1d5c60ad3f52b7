"""the school's identifiers, the education provider's confirmation, cancelled demonstrations

Revision ID: recognition_0003_ehoks
Revises: recognition_0002_catalog
Create Date: 2026-12-04 17:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'recognition_0003_ehoks'
down_revision = 'recognition_0002_catalog'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recognition_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('learner_oid', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('study_right_oid', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('school_oid', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('hoks_approved_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('recognition_plan_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmation', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('confirmation_comment', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_recognition_plan_units_confirmed_by_id_users'), 'users', ['confirmed_by_id'], ['id'])
    with op.batch_alter_table('recognition_demonstrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('teacher_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('individual_criteria', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('cancelled_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_recognition_demonstrations_teacher_id'), ['teacher_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_recognition_demonstrations_teacher_id_users'), 'users', ['teacher_id'], ['id'])
    # The defaults only fill the rows that exist; the models give new rows their values.
    for table, columns in (
        ('recognition_plans', ('learner_oid', 'study_right_oid', 'school_oid', 'version')),
        ('recognition_plan_units', ('confirmation', 'confirmation_comment')),
        ('recognition_demonstrations', ('individual_criteria', 'cancel_reason')),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, server_default=None)


def downgrade():
    with op.batch_alter_table('recognition_demonstrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recognition_demonstrations_teacher_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_recognition_demonstrations_teacher_id'))
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_on')
        batch_op.drop_column('individual_criteria')
        batch_op.drop_column('teacher_id')
    with op.batch_alter_table('recognition_plan_units', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recognition_plan_units_confirmed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('confirmation_comment')
        batch_op.drop_column('confirmed_on')
        batch_op.drop_column('confirmed_by_id')
        batch_op.drop_column('confirmation')
    with op.batch_alter_table('recognition_plans', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('hoks_approved_on')
        batch_op.drop_column('school_oid')
        batch_op.drop_column('study_right_oid')
        batch_op.drop_column('learner_oid')
