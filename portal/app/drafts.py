"""Typed text survives an ended session: a form sent after the session (and with it the CSRF
token) ended is kept in the new session, and after signing in again the form's page shows it
filled in, with a message (a small script fills the fields; without it the text is listed).

The kept text is shown once, only on the page the form was on, only within
``DRAFT_MAX_AGE``, and only to the person whose session ended when that is known (an idle
sign-out knows them; a lost session does not, and then whoever signs in next in the same
browser within the limit sees it, as they would have seen it on the screen). Signing out on
purpose drops it (``session.clear()``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.app import clock

KEY = "kept_draft"
#: Fields never kept: tokens, versions and secrets.
SKIPPED = frozenset(
    {"csrf_token", "form_token", "version", "next", "password", "confirm", "current", "code"}
)
KEPT_MESSAGE = _l(
    "Your session had ended, so the form was not sent. What you typed is kept: it is filled "
    "in on the form again after you sign in."
)
#: Bounds on what one draft holds, so a session row stays small.
MAX_FIELDS = 60
MAX_CHARS = 20_000


def form_page() -> str:
    """The path of the page the form was on: the referring page on this site, else the
    address posted to (a form posts to its own page unless it is a POST-only action)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path
    return request.path


def keep(user_id: int | None) -> str | None:
    """Keep the posted fields in the session; returns the page to fill them in on again."""
    fields: list[list[str]] = []
    size = 0
    for name, value in request.form.items(multi=True):
        if name in SKIPPED or not value.strip() or len(fields) >= MAX_FIELDS:
            continue
        size += len(name) + len(value)
        if size > MAX_CHARS:
            break
        fields.append([name, value])
    if not fields:
        return None
    page = form_page()
    session[KEY] = {
        "user": user_id,
        "page": page,
        "action": request.path,
        "fields": fields,
        "at": clock.utcnow().timestamp(),
    }
    return page


def carried() -> dict[str, Any]:
    """What a fresh session at sign-in takes over from the one before it."""
    return {KEY: session[KEY]} if session.get(KEY) else {}


def take() -> dict[str, Any] | None:
    """The kept draft for this page and this person, removed from the session once shown."""
    draft = session.get(KEY)
    if not draft or not current_user.is_authenticated or request.path != draft["page"]:
        return None
    session.pop(KEY)
    age = clock.utcnow().timestamp() - draft["at"]
    if age > current_app.config["DRAFT_MAX_AGE"].total_seconds():
        return None
    if draft["user"] not in (None, current_user.id):
        return None
    return draft


def init_drafts(app: Flask) -> None:
    app.jinja_env.globals["kept_draft"] = take
