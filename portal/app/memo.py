"""Rows a page needs in several places, read once per request.

A composite page (a client's page, a start page) is built by the core and by every plugin's
panels and widgets; several of them need the same rows (the client's placements, an
employer's open assessments). :func:`once_per_request` keeps what a loader returned on
the request under a key the caller chooses, so the second reader shares the first one's rows
instead of running the statement again.

The memo lives as long as the request and no longer, so no user ever sees rows read for
another, nor authorisation older than the request. A commit or a rollback empties it: what
is read after a write reads the database again. Outside a request (commands, jobs, a test
calling a function directly) the loader simply runs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

T = TypeVar("T")

#: Where the memo is kept: on the request itself, not ``g``, which a test holding an app
#: context shares between its requests.
_KEY = "_portal_once_per_request"


def once_per_request(key: Hashable, load: Callable[[], T]) -> T:
    """``load()``, called at most once per request for ``key`` (a tuple naming what is loaded
    and for whom, e.g. ``("placements", client_id)``) until the next commit or rollback."""
    if not has_request_context():
        return load()
    memo = request.__dict__.setdefault(_KEY, {})
    if key not in memo:
        memo[key] = load()
    return memo[key]


def _forget(_session: Session, *_args: object) -> None:
    if has_request_context():
        request.__dict__.pop(_KEY, None)


event.listen(Session, "after_commit", _forget)
event.listen(Session, "after_rollback", _forget)
