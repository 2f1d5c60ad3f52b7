"""``flask jobs worker`` and ``flask jobs scheduler``: the two processes beside the web."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.app.extensions import db
from portal.imports import previews
from portal.jobs import schedule
from portal.jobs.queue import connection, rq_queue
from portal.jobs.records import remove_expired_files


def _worker_class():
    from rq import SimpleWorker

    class PortalWorker(SimpleWorker):
        """Runs jobs in this process, inside the app, with a fresh database session each."""

        def execute_job(self, job, queue):
            try:
                return super().execute_job(job, queue)
            finally:
                db.session.remove()

    return PortalWorker


@click.group("jobs", help="Background jobs: the worker and the scheduler.")
def jobs_group() -> None:
    pass


def _need_redis() -> None:
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set REDIS_URL: without it jobs run inline in the web.")


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run queued jobs (mail, exports, imports, scheduled commands) until stopped."""
    _need_redis()
    worker = _worker_class()([rq_queue()], connection=connection())
    worker.work(burst=burst, with_scheduler=True)


@jobs_group.command("clean")
@with_appcontext
def clean_command() -> None:
    """Remove job files past JOB_FILES_KEPT (exports hold client data), and import previews
    past IMPORT_PREVIEW_KEPT (``flask imports clean`` also removes them, every hour)."""
    click.echo(f"{remove_expired_files()} files removed")
    click.echo(f"{previews.remove_expired()} import previews removed")


@jobs_group.command("scheduler")
@click.option("--once", is_flag=True, help="Enqueue what is due now, then stop.")
@with_appcontext
def scheduler_command(once: bool) -> None:
    """Enqueue the periodic jobs when due (run one of these per installation)."""
    _need_redis()
    if once:
        for name in schedule.tick():
            click.echo(name)
        return
    schedule.run_forever()
