"""API tokens: made, found by their secret, revoked (ADR 0052).

A secret is 32 random bytes, so a plain SHA-256 of it is as hard to reverse as the secret is
to guess: the hash is the key it is found by, in one indexed probe, where a salted password
hash would have to be tried against every token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.models import ApiToken, User

#: What a token may be allowed, and what the admin is told each allows.
SCOPES = {
    "clients:read": _l("Read the young people the account sees, with their pathway"),
    "referrals:write": _l("Refer new young people and change their details"),
    "outcomes:write": _l("Record the outcomes of young people the account sees"),
    "reports:read": _l("Read the funder report's figures for the account's scope"),
    "companies:write": _l("Add partner companies and change their details (admin accounts)"),
    "users:read": _l("Read the accounts of the portal (admin accounts)"),
}
#: A secret's start, which says what it is (and lets secret scanners find a leaked one).
PREFIX = "polku_"
#: The last use is written at most this often: an API client calling many times a second
#: would otherwise write on every read.
USE_NOTED_EVERY = timedelta(minutes=1)
#: The longest a token may be made for.
LONGEST = timedelta(days=366)


@dataclass(frozen=True)
class Made:
    token: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def end_of(day: date) -> datetime:
    """A token made to expire on ``day`` works until the end of that day in the portal's
    time zone."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=clock.PROJECT_TIME_ZONE)
    return midnight.astimezone(UTC)  # stored in UTC: SQLite keeps a time's digits, not its zone


def make(name: str, user: User, scopes: list[str], expires_on: date, by: User) -> Made:
    """A new token for ``user``; the secret comes back once. Commits."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        user_id=user.id,
        scopes=sorted(set(scopes) & set(SCOPES)),
        prefix=secret[: len(PREFIX) + 6],
        secret_hash=digest(secret),
        created_by_id=by.id,
        expires_at=end_of(expires_on),
    )
    audit.record_creation(token, "api_token.create", object_type="api_token", actor=by)
    db.session.commit()
    return Made(token, secret)


def revoke(token: ApiToken, by: User) -> None:
    """The token stops working at once. Commits."""
    if token.revoked_at is None:
        token.revoked_at = clock.utcnow()
        audit.record("api_token.revoke", actor=by, object_type="api_token", object_id=token.id)
    db.session.commit()


def works(token: ApiToken, now: datetime) -> bool:
    """Not revoked, not expired, its account (loaded with it) active: as :func:`find` asks."""
    return token.revoked_at is None and clock.aware(token.expires_at) > now and token.user.active


def last_day(token: ApiToken) -> date:
    """The last day the token works, as the admin chose it (it stops at that day's end)."""
    ends = clock.aware(token.expires_at).astimezone(clock.PROJECT_TIME_ZONE)
    return (ends - timedelta(microseconds=1)).date()


def find(secret: str) -> ApiToken | None:
    """The token of ``secret`` while it works: not revoked, not expired, its account active."""
    now = clock.utcnow()
    token = db.session.scalar(
        select(ApiToken)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.secret_hash == digest(secret),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
            User.active.is_(True),
        )
    )
    if token is not None:
        _note_use(token, now)
    return token


def _note_use(token: ApiToken, now: datetime) -> None:
    """Write the last use when the one written is older than ``USE_NOTED_EVERY`` (committed
    at once: a read through the API writes nothing else)."""
    last = token.last_used_at
    if last is not None and clock.aware(last) > now - USE_NOTED_EVERY:
        return
    token.last_used_at = now
    db.session.commit()
