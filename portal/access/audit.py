"""Writing the audit trail."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from portal.app.extensions import db
from portal.models import AuditEvent, User


def _current_actor_id() -> int | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


def record(
    action: str,
    *,
    actor: User | None = None,
    client_id: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
    purpose: str = "",
    outcome: str = "ok",
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit writes it."""
    event = AuditEvent(
        actor_id=actor.id if actor else _current_actor_id(),
        action=action,
        outcome=outcome,
        client_id=client_id,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose[:300],
        ip=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(event)
    return event


def record_creation(
    obj: Any,
    action: str,
    *,
    object_type: str,
    actor: User | None = None,
    client_id: int | None = None,
) -> None:
    """Add the new row ``obj`` and log its creation (flushed first, for its id); no commit."""
    db.session.add(obj)
    db.session.flush()
    record(action, actor=actor, client_id=client_id, object_type=object_type, object_id=obj.id)


def record_row(action: str, row: Any, *, object_type: str, actor: User | None = None) -> None:
    """Log ``action`` on ``row``, a record of one client (it has ``client_id``)."""
    record(action, actor=actor, client_id=row.client_id, object_type=object_type, object_id=row.id)
