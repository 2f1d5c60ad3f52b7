"""Putting work on the queue, with one seam for development and tests.

With ``JOBS_INLINE`` (the default when ``REDIS_URL`` is unset) a job runs at once in the
calling process, so ``make run`` and ``make test`` need no worker. Otherwise it goes on the
RQ queue named by ``JOBS_QUEUE`` in Redis, and ``flask jobs worker`` runs it; failures are
retried with the backoff in ``JOBS_RETRY_INTERVALS``.

Work that a transaction created (a message to deliver, an export to build) is enqueued only
after that transaction commits: a worker never looks for a row that is not there yet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.app.extensions import db

_PENDING = "jobs.pending_after_commit"


def inline() -> bool:
    return bool(current_app.config.get("JOBS_INLINE", True))


def job_files() -> str:
    """The folder for job input and output files (shared by the web and the workers)."""
    return current_app.config["JOB_FILES"]


def connection():
    """The Redis connection of the queue (a new client each call is cheap: it pools lazily)."""
    from redis import Redis

    return Redis.from_url(current_app.config["REDIS_URL"])


def rq_queue():
    from rq import Queue

    return Queue(current_app.config["JOBS_QUEUE"], connection=connection())


def enqueue(func: Callable[..., Any], *args: Any, retry: bool = False) -> None:
    """Run ``func(*args)`` now (inline) or on a worker. ``retry`` lets the worker try again
    after a failure, waiting longer each time."""
    if inline():
        func(*args)
        return
    from rq import Retry

    intervals = list(current_app.config["JOBS_RETRY_INTERVALS"])
    options: dict[str, Any] = {"job_timeout": current_app.config["JOBS_TIMEOUT"]}
    if retry:
        options["retry"] = Retry(max=len(intervals), interval=intervals)
    rq_queue().enqueue(func, *args, **options)


def enqueue_after_commit(func: Callable[..., Any], *args: Any, retry: bool = False) -> None:
    """Enqueue once the current transaction commits; nothing when it rolls back. Inline, the
    work runs at once, inside the caller's transaction."""
    if inline():
        func(*args)
        return
    db.session.info.setdefault(_PENDING, []).append((func, args, retry))


def _session_class() -> type[Session]:
    return db.session.session_factory.class_


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for func, args, retry in pending:
        enqueue(func, *args, retry=retry)


def _after_rollback(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_PENDING, None)


def init_jobs(app: Flask) -> None:
    app.config.setdefault("JOBS_INLINE", not app.config.get("REDIS_URL"))
    Path(app.config["JOB_FILES"]).mkdir(parents=True, exist_ok=True)
    with app.app_context():
        session_class = _session_class()
    # The session class is shared by every app in the process: listen once.
    if not event.contains(session_class, "after_commit", _after_commit):
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_soft_rollback", _after_rollback)
