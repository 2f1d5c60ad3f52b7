"""A coach's own clients by name and by the latest change, each one range of an index

Revision ID: 0026_caseload_indexes
Revises: 0025_audit_events_client_key
Create Date: 2026-12-05 11:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0026_caseload_indexes'
down_revision = '0025_audit_events_client_key'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_clients_coach_name', 'clients', ['coach_id', 'last_name', 'first_name', 'id']
    )
    op.create_index('ix_clients_coach_updated', 'clients', ['coach_id', 'updated_at', 'id'])


def downgrade():
    op.drop_index('ix_clients_coach_updated', table_name='clients')
    op.drop_index('ix_clients_coach_name', table_name='clients')
