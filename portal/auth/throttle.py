"""Limits on failed sign-ins, per (account, address) and per address.

There is deliberately no limit per account alone: anyone could then lock a person out by
failing on purpose from elsewhere. Failures (a wrong password or a wrong code) are counted in a
moving window; while a window is full the sign-in answers 429 before any password is checked,
and the longer hourly windows make the refusals last longer for whoever keeps trying. Counters
live in Redis when ``REDIS_URL`` is set, so every instance of the app sees the same counts, and
in memory otherwise. Keys are built from the email as typed, so an unknown address is limited
exactly as a known one (no enumeration).
"""

from __future__ import annotations

from flask import Flask, abort, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from portal.auth.accounts import normalise_email

EXTENSION = "polku_login_throttle"


def init_throttle(app: Flask) -> None:
    uri = app.config.get("REDIS_URL") or "memory://"
    app.extensions[EXTENSION] = MovingWindowRateLimiter(storage_from_string(uri))


def _checks(email: str) -> list[tuple[RateLimitItem, str]]:
    cfg = current_app.config
    prefix = f"{cfg.get('RATELIMIT_KEY_PREFIX') or ''}polku:{cfg['ENV_NAME']}:login"
    address = request.remote_addr or "unknown"
    account = normalise_email(email)[:254]
    return [
        *((item, f"{prefix}:account:{account}:{address}") for item in _parse("LOGIN_RATE_LIMIT")),
        *((item, f"{prefix}:address:{address}") for item in _parse("LOGIN_ADDRESS_RATE_LIMIT")),
    ]


def _parse(name: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[name])


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED"))


def refuse_if_throttled(email: str) -> None:
    """Answer 429 while this address has failed too often, for this account or for any."""
    if not _enabled():
        return
    limiter: MovingWindowRateLimiter = current_app.extensions[EXTENSION]
    for item, key in _checks(email):
        if not limiter.test(item, key):
            abort(429)


def count_failure(email: str) -> None:
    if not _enabled():
        return
    limiter: MovingWindowRateLimiter = current_app.extensions[EXTENSION]
    for item, key in _checks(email):
        limiter.hit(item, key)
