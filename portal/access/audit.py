"""Writing the audit trail: what people did, and what they read.

Writes (``record``) go into the service's own transaction. Reads are collected during the
request (``read``, ``read_each``, ``denied``) and written at its end in one INSERT, so a page
costs one statement more whatever it shows; a 403 or 404 answer turns the page's reads into
denied attempts. The young person reading their own data is not logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    Select,
    String,
    insert,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from portal.app.extensions import db
from portal.models import AuditEvent, Role, User
from portal.models.base import utcnow

log = logging.getLogger(__name__)

READ = "read"
DENIED = "denied"
#: Why each role reads a client's data, when the page states no purpose of its own.
ROLE_PURPOSES = {
    Role.COACH: "coaching",
    Role.EMPLOYER: "workplace_supervision",
    Role.ADMIN: "administration",
    Role.PROJECT_MANAGER: "administration",
}
#: Columns the collected rows fill, in the order of the INSERT.
READ_COLUMNS = (
    "at",
    "actor_id",
    "actor_role",
    "company_id",
    "action",
    "outcome",
    "client_id",
    "object_type",
    "object_id",
    "purpose",
    "ip",
)


def is_read(action: Any) -> Any:
    """SQL: the event ``action`` names is a read (what "who has seen my information" lists)."""
    return or_(action == READ, action.endswith(f".{READ}"))


def _actor_fields(actor: User | None) -> dict[str, Any]:
    if actor is None:
        return {"actor_id": None, "actor_role": "", "company_id": None}
    company = actor.company_id if actor.role == Role.EMPLOYER else None
    return {"actor_id": actor.id, "actor_role": actor.role, "company_id": company}


def _ip() -> str:
    return (request.remote_addr or "")[:45] if has_request_context() else ""


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
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    event = AuditEvent(
        **_actor_fields(actor),
        action=action,
        outcome=outcome,
        client_id=client_id,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose[:300],
        ip=_ip(),
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


# -- reads, collected during the request ----------------------------------------------------


@dataclass
class _Reads:
    """What the request read: explicit reads, the page's implicit ones, bulk reads."""

    rows: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    pages: dict[int, dict[str, Any]] = field(default_factory=dict)
    bulk: list[Select] = field(default_factory=list)


def _collected() -> _Reads | None:
    if not has_request_context():
        return None
    if "audit_reads" not in g:
        g.audit_reads = _Reads()
    return g.audit_reads


def _viewer() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


def _own_data(viewer: User | None) -> bool:
    return viewer is not None and viewer.role == Role.CLIENT


def _row(
    client_id: int | None,
    object_type: str,
    object_id: int | None,
    purpose: str,
    *,
    action: str = READ,
    outcome: str = "ok",
) -> dict[str, Any]:
    viewer = _viewer()
    return {
        "at": utcnow(),
        **_actor_fields(viewer),
        "action": action,
        "outcome": outcome,
        "client_id": client_id,
        "object_type": object_type[:40],
        "object_id": object_id,
        "purpose": (purpose or ROLE_PURPOSES.get(viewer.role if viewer else "", ""))[:300],
        "ip": _ip(),
    }


def read(
    client_id: int,
    object_type: str,
    object_id: int | None = None,
    purpose: str = "",
    *,
    action: str = READ,
) -> None:
    """Log that the signed-in user is shown ``object_type`` ``object_id`` of ``client_id``.

    Written at the end of the request with the request's other reads (one INSERT); the
    same object read twice in one request is one row. ``purpose`` defaults to the reader's
    role's (coaching, workplace supervision, administration).
    """
    if action != READ and not action.endswith(f".{READ}"):
        raise ValueError(f"a read's action is 'read' or ends in '.read', not {action!r}")
    reads = _collected()
    if reads is None or _own_data(_viewer()):
        return
    key = (client_id, object_type, object_id)
    reads.rows.setdefault(key, _row(client_id, object_type, object_id, purpose, action=action))


def read_page(client_id: int) -> None:
    """The page shows ``client_id``'s data: one row for the page unless it logs its own reads.

    Called by the scoping helpers that load a client for a page (GET only).
    """
    reads = _collected()
    if reads is None or request.method not in ("GET", "HEAD") or _own_data(_viewer()):
        return
    args = request.view_args or {}
    object_id = next((v for k, v in args.items() if k != "client_id" and isinstance(v, int)), None)
    reads.pages.setdefault(client_id, _row(client_id, request.endpoint or "", object_id, ""))


def read_each(
    client_ids: Select, object_type: str, purpose: str = "", *, action: str = READ
) -> None:
    """Log one read for every client id that ``client_ids`` selects (an export).

    Written by an INSERT from that SELECT, so an export of 100,000 clients never holds
    their ids in memory.
    """
    reads = _collected()
    if reads is None:
        return
    ids = client_ids.subquery()
    fields = _row(None, object_type, None, purpose, action=action)
    fields["client_id"] = ids.c[0]
    reads.bulk.append(select(*(_column(name, fields[name]) for name in READ_COLUMNS)))


def denied(client_id: int | None, object_type: str = "", object_id: int | None = None) -> None:
    """Log an attempt to reach a client's object the user may not see (answered 403/404);
    the object is the page asked for unless named."""
    reads = _collected()
    if reads is None:
        return
    object_type = object_type or request.endpoint or ""
    key = ("denied", client_id, object_type, object_id)
    reads.rows.setdefault(
        key, _row(client_id, object_type, object_id, "", action=DENIED, outcome=DENIED)
    )


#: Column types of the values a collected row holds, for the literals of an INSERT ... SELECT.
_TYPES = {name: Integer for name in ("actor_id", "company_id", "client_id", "object_id")}


def _column(name: str, value: Any) -> Any:
    if isinstance(value, ColumnElement):
        return value.label(name)
    if value is None:
        return null().label(name)
    kind = DateTime(timezone=True) if name == "at" else _TYPES.get(name, String())
    return literal(value, type_=kind).label(name)


def _as_select(row: dict[str, Any]) -> Select:
    return select(*(_column(name, row[name]) for name in READ_COLUMNS))


def statement(reads: _Reads, status: int) -> Any | None:
    """The one INSERT that writes the request's reads, or None when there are none."""
    rows = list(reads.rows.values())
    explicit = {row["client_id"] for row in rows}
    rows += [row for client_id, row in reads.pages.items() if client_id not in explicit]
    if status in (403, 404):
        rows = [{**row, "action": DENIED, "outcome": DENIED} for row in rows]
        bulk: list[Select] = []
    else:
        bulk = reads.bulk
    if not rows and not bulk:
        return None
    target = insert(AuditEvent)
    if not bulk:
        return target.values(rows)
    sources = [_as_select(row) for row in rows] + bulk
    source = sources[0] if len(sources) == 1 else union_all(*sources)
    return target.from_select(list(READ_COLUMNS), source)


def write_reads(response: Response) -> Response:
    """``after_request``: write what the request read (and a refused request) in one INSERT."""
    reads = g.pop("audit_reads", None) or _Reads()
    refused = response.status_code == 403 and current_user.is_authenticated
    if refused and not reads.rows and not reads.pages:
        client_id = (request.view_args or {}).get("client_id")
        reads.rows[("denied",)] = _row(
            client_id if isinstance(client_id, int) else None,
            request.endpoint or request.path,
            None,
            "",
            action=DENIED,
            outcome=DENIED,
        )
    insert_reads = statement(reads, response.status_code)
    if insert_reads is None:
        return response
    session = db.session()
    try:
        session.execute(insert_reads)
        # The page is rendered: nothing it loaded is read for its data again, so the commit
        # need not expire it (the signed-in user would otherwise be loaded once more by what
        # runs after this, such as the session's save).
        session.expire_on_commit = False
        session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("The request's reads could not be written to the audit trail")
        raise
    finally:
        session.expire_on_commit = True
    return response


def init_read_audit(app: Flask) -> None:
    app.after_request(write_reads)
