"""read audit: actor role and company on audit events, append-only triggers; consent wording

Revision ID: 0007_audit
Revises: 0006_forms
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

#: As in ``portal.models.audit`` on the day of this revision (a migration keeps its own copy).
APPEND_ONLY_DDL = {
    'sqlite': (
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    ),
    'postgresql': (
        "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege'; "
        "END $$",
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()",
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()",
    ),
}
DROP_APPEND_ONLY_DDL = {
    'sqlite': (
        "DROP TRIGGER IF EXISTS audit_events_no_update",
        "DROP TRIGGER IF EXISTS audit_events_no_delete",
    ),
    'postgresql': (
        "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
        "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
        "DROP FUNCTION IF EXISTS audit_events_refuse_change()",
    ),
}


# revision identifiers, used by Alembic.
revision = '0007_audit'
down_revision = '0006_forms'
branch_labels = None
depends_on = None


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade():
    # Columns first: SQLite's batch mode copies the table, which would drop its triggers.
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_role', sa.String(length=20), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('actor_role', existing_type=sa.String(length=20),
                              server_default=None)
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wording_version', sa.String(length=20), nullable=False,
                                      server_default='2026-1'))
        batch_op.add_column(sa.Column('channel', sa.String(length=20), nullable=False,
                                      server_default='in_person'))
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.alter_column('wording_version', existing_type=sa.String(length=20),
                              server_default=None)
        batch_op.alter_column('channel', existing_type=sa.String(length=20),
                              server_default=None)
    _run(APPEND_ONLY_DDL)


def downgrade():
    _run(DROP_APPEND_ONLY_DDL)
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_column('channel')
        batch_op.drop_column('wording_version')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('company_id')
        batch_op.drop_column('actor_role')

