"""Support needs and language of two records merged into one (ADR 0056): compared, never
shown, and told of only to whom may read them.

Only the young person's coach learns here that the two differ or that they move; the comparison
is a read of both records' sensitive data and is audited as one (``portal.access.sensitive``).
Anyone else, the admin included (who reads them only with a stated purpose), is told that
something only the coach may see stops the merge, and nothing of what.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from portal.access import audit
from portal.access.sensitive import may_read
from portal.app.extensions import db
from portal.models import Client, ClientSensitive, Role, User


def sees_sensitive(viewer: User | None, keep: Client, other: Client) -> bool:
    """Whether ``viewer`` may learn of both records' support needs and language here: their
    coach. The admin reads them only with a stated purpose, on their own page."""
    if viewer is None or viewer.role == Role.ADMIN:
        return False
    return may_read(viewer, keep) and may_read(viewer, other)


def sensitive_rows(keep: Client, other: Client) -> tuple[Any, Any]:
    """The two records' support needs and language, compared here and never shown."""
    return db.session.get(ClientSensitive, keep.id), db.session.get(ClientSensitive, other.id)


def filled(row: ClientSensitive | None) -> bool:
    if row is None:
        return False
    return row.immigrant_background or any(
        getattr(row, c.key) for c in ClientSensitive.__table__.columns if c.key != "client_id"
    )


def _same(mine: ClientSensitive, theirs: ClientSensitive) -> bool:
    columns = [c.key for c in ClientSensitive.__table__.columns if c.key != "client_id"]
    return all(getattr(mine, c) == getattr(theirs, c) for c in columns)


def differing_text(keep: Client, other: Client, shown: bool) -> Any | None:
    """Why the two cannot be merged when their support needs or language differ, as told to
    whom ``shown`` (:func:`sees_sensitive`) or not; None when nothing stops the merge."""
    mine, theirs = sensitive_rows(keep, other)
    if not (filled(mine) and filled(theirs)):
        return None
    if shown:
        for client in (keep, other):
            audit.read(client.id, "client_sensitive", client.id, "merge", action="sensitive.read")
    if _same(mine, theirs):
        return None
    if not shown:
        return _l(
            "Something only the young person's coach may see differs between the two "
            "records. Ask the young person's coach to merge them."
        )
    return _l(
        "Both have support needs or language recorded, and they differ. Make them the "
        "same on both records, or empty those of %(name)s, then merge.",
        name=other.full_name,
    )
