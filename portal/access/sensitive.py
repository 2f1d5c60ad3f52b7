"""The only way to read a client's sensitive intake data (health, origin, language).

Employers never get it. Coaches get it for their own clients, the client for themself,
the admin only with a stated purpose; every read but the client's own leaves an audit event.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from portal.access import audit
from portal.access.scoping import is_coach_of
from portal.app.extensions import db
from portal.models import Client, ClientSensitive, Role, User


def may_read(viewer: User, client: Client) -> bool:
    if viewer.role == Role.ADMIN:
        return True
    if viewer.role == Role.CLIENT:
        return client.user_id == viewer.id
    return is_coach_of(viewer, client)


def read_sensitive(viewer: User, client: Client, purpose: str) -> ClientSensitive:
    """Load (or start) the sensitive record and log the read; 404 when not allowed."""
    if not may_read(viewer, client) or (viewer.role == Role.ADMIN and not purpose.strip()):
        abort(404)
    record = db.session.get(ClientSensitive, client.id) or ClientSensitive(
        client_id=client.id,
        learning_difficulties="",
        support_needs="",
        immigrant_background=False,
        native_language="",
        finnish_level="",
    )
    audit.read(client.id, "client_sensitive", client.id, purpose, action="sensitive.read")
    return record


def read_finnish_level_for_guide(viewer: User, client: Client, consented: bool) -> str:
    """The Finnish level, for the workplace supervisor's language guide only.

    The one sensitive field an employer's page may use, and only while the young person's
    language-support consent is active (``consented``): the page turns it into advice for a
    band of levels and never shows the level itself. The read is audit-logged; without the
    consent nothing is read (404, like any other sensitive read by an employer).
    """
    if viewer.role != Role.EMPLOYER or not consented:
        abort(404)
    level = db.session.scalar(
        select(ClientSensitive.finnish_level).where(ClientSensitive.client_id == client.id)
    )
    audit.read(client.id, "client_sensitive", client.id, "language guide", action="sensitive.read")
    return level or ""
