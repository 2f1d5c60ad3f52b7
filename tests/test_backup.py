"""A backup restores into a fresh database that people can sign in to (checklist row 48)."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import NullPool, create_engine, func, make_url, select, text

from portal.app.backup import BackupError, create_backup, restore_backup
from portal.app.extensions import db
from tests.support.browser import Browser
from tests.support.world import World


def _counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            name: db.session.scalar(select(func.count()).select_from(table))
            for name, table in db.metadata.tables.items()
        }


def _restores_and_signs_in(make_app, source_uri: str, target_uri: str, tmp_path: Path) -> None:
    source = make_app(SQLALCHEMY_DATABASE_URI=source_uri)
    with source.app_context():
        db.create_all()
        world = World()
    before = _counts(source)
    backup = create_backup(source_uri, tmp_path / "polku.backup")
    assert backup.stat().st_size > 0
    restore_backup(backup, target_uri)
    restored = make_app(SQLALCHEMY_DATABASE_URI=target_uri)
    assert _counts(restored) == before
    assert before["clients"] == 2 and before["users"] == 6
    browser = Browser(restored.test_client())
    assert browser.login(world.coach.email).status_code == 302
    assert browser.get(f"/clients/{world.client.id}").status_code == 200


def test_an_sqlite_backup_restores_into_a_new_file(make_app, tmp_path):
    _restores_and_signs_in(
        make_app,
        f"sqlite:///{tmp_path / 'live.sqlite3'}",
        f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        tmp_path,
    )


def test_the_backup_command_writes_a_file(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite3'}")
    target = tmp_path / "nightly" / "polku.sqlite3"
    result = app.test_cli_runner().invoke(args=["backup", "create", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    missing = app.test_cli_runner().invoke(
        args=["backup", "restore", "--yes", str(tmp_path / "none")]
    )
    assert missing.exit_code != 0 and "does not exist" in missing.output


def test_an_in_memory_database_is_refused(tmp_path):
    with pytest.raises(BackupError):
        create_backup("sqlite://", tmp_path / "x")


@contextmanager
def _scratch_databases(url: str) -> Iterator[tuple[str, str]]:
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    names = [f"polku_backup_{uuid.uuid4().hex[:10]}_{n}" for n in ("live", "restored")]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        # A new database has only its public schema: not a test process's own (workers.py).
        base = make_url(url).difference_update_query(["options"])
        yield tuple(base.set(database=n).render_as_string(hide_password=False) for n in names)
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="PostgreSQL: set DATABASE_URL")
@pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump and pg_restore are not installed",
)
def test_a_postgresql_dump_restores_into_a_new_database(make_app, tmp_path):
    with _scratch_databases(os.environ["DATABASE_URL"]) as (live, restored):
        _restores_and_signs_in(make_app, live, restored, tmp_path)


def test_backup_check_fails_without_a_fresh_backup(app, tmp_path):
    cli = app.test_cli_runner()
    assert cli.invoke(args=["backup", "check", str(tmp_path)]).exit_code == 1
    (tmp_path / "polku-old.backup").write_bytes(b"x")
    old = time.time() - 25 * 3600
    os.utime(tmp_path / "polku-old.backup", (old, old))
    stale = cli.invoke(args=["backup", "check", str(tmp_path)])
    assert stale.exit_code == 1 and "25 hours old" in stale.output
    (tmp_path / "polku-new.backup").write_bytes(b"x")
    fresh = cli.invoke(args=["backup", "check", str(tmp_path)])
    assert fresh.exit_code == 0, fresh.output
