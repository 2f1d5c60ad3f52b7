"""A write sent again with the same ``Idempotency-Key`` is saved once: the key is used up in
the transaction that saves (the portal's one-time form tokens, ``portal.app.once``), and a
repeat answers what the first saved. Keys are the token's own: two systems cannot collide."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import g, request
from flask_babel import lazy_gettext as _l

from portal.app import once
from portal.rest.problems import Problem

HEADER = "Idempotency-Key"
TOO_LONG = _l("The key is longer than 200 characters.")
ELSEWHERE = _l("The key was used for a request to another address.")


def key() -> str | None:
    """The request's key, as the token's own one-time token; None without one."""
    sent = (request.headers.get(HEADER) or "").strip()
    if not sent:
        return None
    if len(sent) > 200:
        raise Problem(422, errors=[{"name": HEADER, "in": "header", "reason": str(TOO_LONG)}])
    return hashlib.sha256(f"api:{g.api_token.id}:{sent}".encode()).hexdigest()


def repeat_of(used: str | None) -> Any | None:
    """What the first request with the key saved, when this one repeats it; None otherwise."""
    if used is None or not once.was_used(used):
        return None
    return _answer(once.replay_of(used))


def take(used: str | None) -> Any | None:
    """Take the key in this transaction, which saves or leaves it free; when another request
    took it meanwhile, what that one saved."""
    if used is None:
        return None
    replay = once.claim(used)
    return None if replay is None else _answer(replay)


def _answer(replay: once.Replay) -> Any:
    """The first request's result; a 409 while it is still being saved, a 422 when the key
    was used for another address."""
    if replay.elsewhere:
        raise Problem(422, errors=[{"name": HEADER, "in": "header", "reason": str(ELSEWHERE)}])
    if not replay.finished or replay.result is None:
        raise Problem(409)
    return replay.result


def saved(used: str | None, result: Any) -> None:
    if used is not None:
        once.complete(used, result)
