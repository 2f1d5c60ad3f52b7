"""What a coach typed on *Add a client*, kept while they go on with a young person already in
Polku that the form found as a likely duplicate (ADR 0056): back on *Add a client*, the form is
filled in again, until a young person is added or ``DRAFT_MAX_AGE`` has passed.

Kept in the server-side session as the typed text of an ended session is (ADR 0023), for the
person who typed it only; signing out drops it.
"""

from __future__ import annotations

from flask import current_app, request, session
from werkzeug.datastructures import MultiDict

from portal.app import clock
from portal.app.drafts import MAX_CHARS, MAX_FIELDS, SKIPPED

KEY = "intake_kept"
#: The buttons of the list of likely duplicates are not typed text.
NOT_KEPT = SKIPPED | {"existing", "confirm_new"}


def keep(user_id: int) -> None:
    """Keep the posted intake form's fields (bounded in number and size) for ``user_id``."""
    fields: list[list[str]] = []
    size = 0
    for name, value in request.form.items(multi=True):
        if name in NOT_KEPT or not value.strip() or len(fields) >= MAX_FIELDS:
            continue
        size += len(name) + len(value)
        if size > MAX_CHARS:
            break
        fields.append([name, value])
    session[KEY] = {"user": user_id, "at": clock.utcnow().timestamp(), "fields": fields}


def kept(user_id: int) -> MultiDict | None:
    """The fields kept for ``user_id``, while they are not too old; None when there are none."""
    found = session.get(KEY)
    if not found:
        return None
    age = clock.utcnow().timestamp() - found["at"]
    if found["user"] != user_id or age > current_app.config["DRAFT_MAX_AGE"].total_seconds():
        session.pop(KEY)
        return None
    return MultiDict([tuple(pair) for pair in found["fields"]])


def drop() -> None:
    """Forget the kept fields (the young person was added)."""
    session.pop(KEY, None)
