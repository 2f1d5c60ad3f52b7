"""The periodic jobs, and the one scheduler process that enqueues them.

Each entry names a ``flask`` command and how often it runs. The scheduler enqueues a due
entry on the RQ queue (a worker runs it) and marks it in Redis for the length of its
interval with ``SET NX``: a second scheduler, or a restarted one, does not run it again
early. An entry whose command is not installed (a plugin turned off, a command not yet
written) is skipped with a warning.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import ScriptInfo

from portal.jobs.queue import connection, enqueue

log = logging.getLogger(__name__)
MINUTE = 60
HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True)
class Periodic:
    name: str
    command: tuple[str, ...]
    every: int  # seconds


#: What runs on its own: each entry is a ``flask`` command (one a plugin does not install is
#: skipped with a warning).
PERIODIC = (
    Periodic("assessment-reminders", ("assessments", "send-reminders"), DAY),
    Periodic("advance-phases", ("advance-phases",), DAY),
    Periodic("retention", ("retention", "run"), DAY),
    Periodic("data-quality-reminders", ("reports", "remind-quality"), DAY),
    Periodic("job-files", ("jobs", "clean"), DAY),
    Periodic("import-previews", ("imports", "clean"), HOUR),
    Periodic("webhooks", ("webhooks", "deliver"), MINUTE),
    Periodic("follow-ups-due", ("webhooks", "follow-ups-due"), HOUR),
)


def find_command(args: tuple[str, ...]) -> click.Command | None:
    """The click command ``flask ARGS...`` would run, or None when it is not installed."""
    command: click.Command | None = current_app.cli
    ctx = click.Context(current_app.cli)
    for name in args:
        if not isinstance(command, click.Group):
            return None
        command = command.get_command(ctx, name)
        if command is None:
            return None
    return command


def run_command(args: list[str]) -> None:
    """The job a periodic entry enqueues: run ``flask ARGS...`` in this app."""
    command = find_command(tuple(args))
    if command is None:
        log.warning("Scheduled command %s is not installed; skipped", " ".join(args))
        return
    app = current_app._get_current_object()
    command.main(args=[], standalone_mode=False, obj=ScriptInfo(create_app=lambda: app))


def due(entry: Periodic) -> bool:
    """True once per interval across every scheduler sharing the Redis database."""
    key = f"{current_app.config['JOBS_QUEUE']}:schedule:{entry.name}"
    return bool(connection().set(key, "1", nx=True, ex=entry.every))


def tick(entries: tuple[Periodic, ...] = PERIODIC) -> list[str]:
    """Enqueue every entry that is due; the names enqueued."""
    started = []
    for entry in entries:
        if due(entry):
            enqueue(run_command, list(entry.command))
            started.append(entry.name)
    return started


def run_forever(poll_seconds: int = 30) -> None:
    """The scheduler process: tick, sleep, tick."""
    while True:
        for name in tick():
            log.info("Enqueued %s", name)
        time.sleep(poll_seconds)
