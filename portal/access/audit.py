"""Writing the audit trail."""

from __future__ import annotations

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
