"""Append-only audit trail: who did or read what, when, on which client and why.

The database itself refuses to change or delete a row: triggers on SQLite and PostgreSQL
(created with the table here, and by migration ``0007_audit`` on existing databases), so
that neither the application nor a plain SQL ``UPDATE`` can rewrite the trail.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, DateTime, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import utcnow
from portal.models.user import User

#: Statements that make ``audit_events`` append-only, by dialect (run after the table exists).
APPEND_ONLY_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    ),
    "postgresql": (
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

#: Undoing :data:`APPEND_ONLY_DDL` (for downgrades).
DROP_APPEND_ONLY_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS audit_events_no_update",
        "DROP TRIGGER IF EXISTS audit_events_no_delete",
    ),
    "postgresql": (
        "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
        "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
        "DROP FUNCTION IF EXISTS audit_events_refuse_change()",
    ),
}


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    #: A client's events in key order: a page of their newest events is a range read.
    __table_args__ = (Index("ix_audit_events_client_id_id", "client_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: The actor's role and (for employers) company when it happened: they may change later.
    actor_role: Mapped[str] = mapped_column(String(20), default="")
    company_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60), index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="ok")
    client_id: Mapped[int | None] = mapped_column(Integer)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(300), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")

    actor: Mapped[User | None] = relationship(lazy="raise_on_sql")


for _dialect, _statements in APPEND_ONLY_DDL.items():
    for _statement in _statements:
        event.listen(
            AuditEvent.__table__,
            "after_create",
            DDL(_statement).execute_if(dialect=_dialect),
        )


class AuditTrailIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise AuditTrailIsAppendOnly("Audit events are never changed or deleted.")
