"""The audit trail's index on the client holds the event's key too: a page of one client's
newest events is a range read on both SQLite and PostgreSQL

Revision ID: 0025_audit_events_client_key
Revises: 0024_employer_placements
Create Date: 2026-12-05 11:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0025_audit_events_client_key'
down_revision = '0024_employer_placements'
branch_labels = None
depends_on = None


# Plain CREATE and DROP INDEX, no batch mode: a batch copy of audit_events would drop the
# triggers that keep it append-only (ADR 0010).
def upgrade():
    op.create_index('ix_audit_events_client_id_id', 'audit_events', ['client_id', 'id'])
    op.drop_index('ix_audit_events_client_id', table_name='audit_events')


def downgrade():
    op.create_index('ix_audit_events_client_id', 'audit_events', ['client_id'])
    op.drop_index('ix_audit_events_client_id_id', table_name='audit_events')
