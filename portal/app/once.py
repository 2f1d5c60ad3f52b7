"""One-time form tokens: the same POST sent twice is saved once.

Every form the macros render carries a fresh ``form_token``, signed for the session and the
signed-in user that were shown the form: a token copied into another session is refused.
:func:`claim` inserts it, with the address it was posted to, into ``form_submissions`` before
the save runs, in the transaction the service then commits, so a replay fails on the primary
key (a concurrent replay waits for the first request's commit and then fails) and stores
nothing; the same token posted to another form is refused there. :func:`complete` notes what
the first submission saved, so the replay can answer the way it did.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import delete, inspect
from sqlalchemy.exc import IntegrityError

from portal.app.clock import utcnow
from portal.app.extensions import db
from portal.models import FormSubmission

TOKEN_FIELD = "form_token"  # noqa: S105 - the name of a form field, not a secret
#: Tokens older than this are deleted: nobody replays a form days later.
KEEP = timedelta(days=2)
#: How long a replay waits for the first submission to finish (it commits twice).
WAIT_SECONDS = 3.0
_POLL_SECONDS = 0.05
_MAX_LENGTH = 64


def new_token() -> str:
    """A fresh token for one rendering of one form, good in this session only."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_signature(nonce)}"


def token_sent() -> bool:
    """Whether the request sent a token at all (a valid one or not)."""
    return bool((request.form.get(TOKEN_FIELD) or "").strip())


def submitted_token() -> str | None:
    """The token sent with this request's form when this session was given it; None when it
    is missing, malformed or was given to another session or user."""
    token = (request.form.get(TOKEN_FIELD) or "").strip()
    nonce, _dot, signature = token.partition(".")
    if not 0 < len(token) <= _MAX_LENGTH or not nonce or not signature:
        return None
    return token if hmac.compare_digest(signature, _signature(nonce)) else None


def _signature(nonce: str) -> str:
    """Binds a token to the session (its CSRF secret) and the signed-in user."""
    generate_csrf()  # the session's CSRF secret exists from the first form it renders
    user = current_user.get_id() if current_user else None
    bound = "|".join((nonce, str(session.get("csrf_token", "")), user or ""))
    key = f"form-token|{current_app.secret_key}".encode()
    return hmac.new(key, bound.encode(), hashlib.sha256).hexdigest()[:24]


def was_used(token: str) -> bool:
    """True when ``token`` was claimed already (its form may no longer validate: a row it
    created is now refused as a duplicate, a choice it made is gone)."""
    return db.session.get(FormSubmission, token) is not None


@dataclass(frozen=True)
class Replay:
    """A token used before: ``finished`` when its request ended, with what it saved;
    ``elsewhere`` when it was used on another form."""

    finished: bool
    result: Any = None
    elsewhere: bool = False


def claim(token: str) -> Replay | None:
    """Mark ``token`` used in the current transaction; a :class:`Replay` if it already was."""
    db.session.add(FormSubmission(token=token, form=request.path[:255]))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return replay_of(token)
    return None


def replay_of(token: str) -> Replay:
    """How to answer ``token`` sent again: refused on another form; else as the first time,
    once its request has finished."""
    used = db.session.get(FormSubmission, token)
    if used is not None and used.form != request.path[:255]:
        return Replay(finished=True, elsewhere=True)
    row = _finished(token)
    return Replay(row is not None, _result_of(row) if row is not None else None)


def complete(token: str, result: Any) -> None:
    """Note what the submission of ``token`` saved, and drop tokens nobody will replay."""
    row = db.session.get(FormSubmission, token)
    if row is None:  # the save rolled its own transaction back; the token is free again
        return
    state = inspect(result, raiseerr=False)
    if state is not None and state.mapper is not None and state.identity:
        row.result_type = state.mapper.local_table.name
        row.result_id = state.identity[0]
    row.completed = True
    stale = delete(FormSubmission).where(FormSubmission.created_at < utcnow() - KEEP)
    db.session.execute(stale, execution_options={"synchronize_session": False})
    db.session.commit()


def _result_of(row: FormSubmission) -> Any:
    """The row the earlier submission saved (None when it saved no single row)."""
    if not row.result_type or row.result_id is None:
        return None
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name == row.result_type:
            return db.session.get(mapper.class_, row.result_id)
    return None


def _finished(token: str) -> FormSubmission | None:
    """The used token's row once its request has finished; None if it never does in time."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        row = db.session.get(FormSubmission, token, populate_existing=True)
        if row is not None and row.completed:
            return row
        db.session.rollback()
        if time.monotonic() >= deadline:
            return None
        time.sleep(_POLL_SECONDS)
