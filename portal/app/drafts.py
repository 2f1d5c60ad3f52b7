"""Typed text survives an ended session: a form sent after the session (and with it the CSRF
token) ended is kept in the new session, and after signing in again the form's page shows it
filled in, with a message (a small script fills the fields; without it the text is listed).

The kept text is shown once, only on the page the form was on, only within
``DRAFT_MAX_AGE``, and only to the person who typed it. An idle session is gone from the store
by the time its form arrives, so whose it was comes from a signed cookie set for the signed-in
person (``OWNER_COOKIE``, as long-lived as the absolute session limit); without it nothing is
kept, because the next person to sign in on that browser must never see it. Signing out on
purpose drops the draft (``session.clear()``).
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer

from portal.app import clock
from portal.rest import by_token

KEY = "kept_draft"
OWNER_COOKIE = "polku_draft_owner"
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


class _ClockSigner(TimestampSigner):
    """Signs with the portal's clock, against which :func:`cookie_owner` tells the age."""

    def get_timestamp(self) -> int:
        return int(clock.utcnow().timestamp())


def _owners(secret: str | bytes | None = None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        secret or current_app.secret_key, salt="polku-draft-owner", signer=_ClockSigner
    )


def _owner_lifetime() -> int:
    return int(current_app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds())


@functools.lru_cache(maxsize=1024)
def _signed_owner(raw: str, secret: str | bytes) -> tuple[int, float] | None:
    """The person a cookie names and when it was signed; None unless its signature is good.
    Kept per cookie: every signed-in request looks at the cookie, and checking a signature
    costs more than the rest of a request's own checks."""
    try:
        owner, signed_at = _owners(secret).loads(raw, return_timestamp=True)
    except BadData:
        return None
    return (owner, signed_at.timestamp()) if isinstance(owner, int) else None


def cookie_owner() -> int | None:
    """The person this browser was last signed in as, from the signed cookie; None when
    there is no valid one or it is older than the absolute session limit."""
    raw = request.cookies.get(OWNER_COOKIE)
    found = _signed_owner(raw, current_app.secret_key) if raw else None
    if found is None or clock.utcnow().timestamp() - found[1] > _owner_lifetime():
        return None
    return found[0]


def remember_owner(response: Response) -> Response:
    """Name the signed-in person in the owner cookie, once per sign-in (no write otherwise)."""
    if current_user.is_authenticated and not by_token() and cookie_owner() != current_user.id:
        response.set_cookie(
            OWNER_COOKIE,
            _owners().dumps(current_user.id),
            max_age=_owner_lifetime(),
            httponly=True,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            samesite="Lax",
        )
    return response


def keep(user_id: int | None) -> str | None:
    """Keep the posted fields in the session; returns the page to fill them in on again, or
    None when nothing is kept (no text, or nobody to keep it for)."""
    owner = user_id if user_id is not None else cookie_owner()
    if owner is None:
        return None
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
        "user": owner,
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
    if draft["user"] != current_user.id:
        return None
    return draft


def init_drafts(app: Flask) -> None:
    app.jinja_env.globals["kept_draft"] = take
    app.after_request(remember_owner)
