"""ESF+ participant data at entry and the results after leaving

Revision ID: 0019_esf
Revises: 0012_subject
Create Date: 2026-12-04 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_esf'
down_revision = '0012_subject'
branch_labels = None
depends_on = None

SENSITIVE = ('disability', 'third_country_national', 'foreign_background', 'minority', 'homeless')


def _code(name, length=10):
    return sa.Column(name, sa.String(length=length), nullable=False, server_default='')


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(_code('gender', 20))
        batch_op.add_column(_code('isced_level', 20))
        batch_op.add_column(_code('rural_area'))
        batch_op.add_column(sa.Column('esf_asked_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('client_sensitive', schema=None) as batch_op:
        for name in SENSITIVE:
            batch_op.add_column(_code(name))
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(_code('qualification_gained'))
        batch_op.add_column(_code('job_searching'))
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(_code('improved_situation'))


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_column('improved_situation')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_column('job_searching')
        batch_op.drop_column('qualification_gained')
    with op.batch_alter_table('client_sensitive', schema=None) as batch_op:
        for name in reversed(SENSITIVE):
            batch_op.drop_column(name)
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('esf_asked_at')
        batch_op.drop_column('rural_area')
        batch_op.drop_column('isced_level')
        batch_op.drop_column('gender')
