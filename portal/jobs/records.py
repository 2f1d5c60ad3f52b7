"""Jobs a user waits for: the row that shows their progress, and the run that fills it.

``start_job`` stores a job for the user and enqueues ``run_job``, which calls the task
(any importable function ``task(ctx, *args)``, so a plugin's task works the same) with a
:class:`JobContext` for reporting progress and writing the file the user downloads. The
file lives under ``JOB_FILES``, named by the job's id; only its owner reaches it, and only
for ``JOB_FILES_KEPT`` (``flask jobs clean``, daily, removes it then).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import IO, Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.jobs.queue import enqueue
from portal.models import Job, JobState, User
from portal.ops.metrics import record_job_failure

ERROR_LENGTH = 500
#: Least seconds between two progress updates of a job.
PROGRESS_SECONDS = 1.0


def _write_now(statement: Any) -> None:
    """Run and commit ``statement`` on a connection of its own."""
    with db.engine.begin() as connection:
        connection.execute(statement)


class JobContext:
    """What a task gets: its user, progress reporting and the file to write."""

    def __init__(self, job: Job, user: User) -> None:
        self.job_id = job.id
        self.user = user
        self.params = dict(job.params or {})
        self.file_name: str | None = None
        self._last_progress = float("-inf")
        self.done = 0
        self.total: int | None = None

    def progress(self, done: int, total: int | None = None, *, final: bool = False) -> None:
        """Record progress on a connection of its own, so it shows while the task's own
        transaction (or a streaming read) is still open; at most once a second unless
        ``final``. On SQLite a write waits for a streaming read to end, so only the final
        figures are written there; PostgreSQL shows the progress as it goes."""
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if not final and (
            now - self._last_progress < PROGRESS_SECONDS or db.engine.dialect.name == "sqlite"
        ):
            return
        self._last_progress = now
        values: dict[str, Any] = {"done": done}
        if total is not None:
            values["total"] = total
        try:
            _write_now(update(Job).where(Job.id == self.job_id).values(**values))
        except SQLAlchemyError:
            current_app.logger.info("Progress of job %s not recorded now", self.job_id)

    def open(self, download_name: str, mode: str = "wb") -> IO:
        """The file the user will download as ``download_name``."""
        self.file_name = download_name
        text = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        return file_path(self.job_id).open(mode, **text)


def file_path(job_id: int) -> Path:
    return Path(current_app.config["JOB_FILES"]) / str(job_id)


def expired(job: Job) -> bool:
    """Whether the job's file is past ``JOB_FILES_KEPT`` (a job that never finished: no)."""
    if job.finished_at is None:
        return False
    finished = job.finished_at if job.finished_at.tzinfo else job.finished_at.replace(tzinfo=UTC)
    return clock.utcnow() - finished > current_app.config["JOB_FILES_KEPT"]


def record_download(job: Job) -> None:
    """Audit one fetch of a job's file: who had each client's data was recorded when the
    export was asked for; every later fetch of the same file is recorded too."""
    audit.record(f"{job.kind}.download", object_type="job", object_id=job.id)
    db.session.commit()


def remove_expired_files() -> int:
    """Remove the files of jobs past ``JOB_FILES_KEPT``; the number removed."""
    jobs = db.session.scalars(select(Job).where(Job.file_name.is_not(None)))
    removed = 0
    for job in jobs:
        if expired(job):
            file_path(job.id).unlink(missing_ok=True)
            job.file_name = None
            removed += 1
    db.session.commit()
    return removed


def task_path(task: Callable[..., Any]) -> str:
    return f"{task.__module__}:{task.__qualname__}"


def start_job(user: User, kind: str, task: Callable[..., Any], *args: Any) -> Job:
    """Store a job for ``user`` (committed) and run ``task`` now or on a worker."""
    job = Job(user_id=user.id, kind=kind, params={"task": task_path(task), "args": list(args)})
    db.session.add(job)
    db.session.commit()
    enqueue(run_job, job.id)
    return job


def _task(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def run_job(job_id: int) -> None:
    """Run a stored job in its user's language; record the outcome on the job row."""
    job = db.session.get(Job, job_id)
    if job is None or job.state not in (JobState.QUEUED, JobState.RUNNING):
        return
    user = db.session.get(User, job.user_id)
    job.state = JobState.RUNNING
    db.session.commit()
    ctx = JobContext(job, user)
    try:
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            _task(ctx.params["task"])(ctx, *ctx.params["args"])
    except Exception as error:
        db.session.rollback()
        current_app.logger.exception("Job %s failed", job_id)
        job = db.session.get(Job, job_id)
        record_job_failure(job.kind)
        job.state = JobState.FAILED
        job.error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        job.finished_at = clock.utcnow()
        db.session.commit()
        return
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    job.state = JobState.DONE
    job.done = ctx.done
    job.total = ctx.total if ctx.total is not None else job.total
    job.file_name = ctx.file_name
    job.finished_at = clock.utcnow()
    db.session.commit()
