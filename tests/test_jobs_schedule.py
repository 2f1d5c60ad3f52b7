"""The scheduler's table: each entry names an installed command (or a slot for one that is
not yet), a due entry is enqueued once per interval across schedulers (Redis SET NX), and
an enqueued command runs inside the app."""

from __future__ import annotations

import os
import uuid

import pytest

from portal.jobs import schedule

REDIS_URL = os.environ.get("REDIS_URL")


def test_the_table_names_the_periodic_work(app):
    names = {entry.name for entry in schedule.PERIODIC}
    assert {
        "assessment-reminders",
        "advance-phases",
        "retention",
        "data-quality-reminders",
    } <= names
    with app.app_context():
        installed = {e.name for e in schedule.PERIODIC if schedule.find_command(e.command)}
    assert installed == names


def test_import_previews_are_removed_every_hour(app):
    """A preview holds personal data: gone within IMPORT_PREVIEW_KEPT and an hour."""
    entry = next(e for e in schedule.PERIODIC if e.command == ("imports", "clean"))
    assert entry.every <= schedule.HOUR
    with app.app_context():
        assert schedule.find_command(entry.command) is not None


def test_a_scheduled_command_runs_in_the_app_and_a_missing_one_is_skipped(app, caplog):
    with app.app_context():
        schedule.run_command(["advance-phases"])
        schedule.run_command(["no-such", "command"])
    assert "no-such command is not installed" in caplog.text


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")
def test_a_due_entry_is_enqueued_once_per_interval(app, monkeypatch):
    app.config.update(REDIS_URL=REDIS_URL, JOBS_QUEUE=f"polku-test-{uuid.uuid4().hex}")
    ran = []
    monkeypatch.setattr(schedule, "enqueue", lambda func, *args, **kw: ran.append(args[0]))
    entries = (schedule.Periodic("advance", ("advance-phases",), 60),)
    with app.app_context():
        assert schedule.tick(entries) == ["advance"]
        assert schedule.tick(entries) == []  # a second scheduler, or a restart, waits
        schedule.connection().delete(f"{app.config['JOBS_QUEUE']}:schedule:advance")
    assert ran == [["advance-phases"]]
