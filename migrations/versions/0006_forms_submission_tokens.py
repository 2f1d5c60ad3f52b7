"""form submission tokens, and versions for the rows that lacked them

Revision ID: 0006_forms
Revises: 0005_reviews
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_forms'
down_revision = '0005_reviews'
branch_labels = None
depends_on = None

#: Tables whose rows are edited through forms and now carry an optimistic-locking version.
VERSIONED = ('network_partners', 'referrals', 'group_sessions', 'follow_ups',
             'job_search_activities')


def upgrade():
    op.create_table('form_submissions',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('result_type', sa.String(length=100), nullable=True),
    sa.Column('result_id', sa.Integer(), nullable=True),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_form_submissions'))
    )
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_submissions_created_at'), ['created_at'],
                              unique=False)
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                          server_default='1'))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('version', existing_type=sa.Integer(), server_default=None)


def downgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_submissions_created_at'))
    op.drop_table('form_submissions')
