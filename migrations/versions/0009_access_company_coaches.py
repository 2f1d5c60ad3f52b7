"""an admin's grant of a company to a coach (company work without a client placed there)

Revision ID: 0009_access
Revises: 0008_ehoks
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_access'
down_revision = '0008_ehoks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('company_coaches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_coaches_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_company_coaches_granted_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_company_coaches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_coaches')),
    sa.UniqueConstraint('company_id', 'user_id', name=op.f('uq_company_coaches_company_id'))
    )
    with op.batch_alter_table('company_coaches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_coaches_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_coaches_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('company_coaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_coaches_user_id'))
        batch_op.drop_index(batch_op.f('ix_company_coaches_company_id'))

    op.drop_table('company_coaches')
