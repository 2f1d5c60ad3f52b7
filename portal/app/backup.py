"""``flask backup create`` and ``flask backup restore``: a consistent copy of the database.

SQLite is copied with SQLite's online backup API (a consistent copy while the portal runs);
PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore``, which
must be installed in the same major version as the server (docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import make_url
from sqlalchemy.engine import URL

from portal.app import clock
from portal.app.extensions import db


class BackupError(RuntimeError):
    pass


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return url.database


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump / pg_restore; the password goes in the environment."""
    args = [f"--host={url.host or 'localhost'}", f"--port={url.port or 5432}"]
    if url.username:
        args.append(f"--username={url.username}")
    env = {"PGPASSWORD": url.password} if url.password else {}
    options = url.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed.")
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from the configuration
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(done.stderr.strip() or f"{command[0]} failed")


def create_backup(uri: str, target: Path) -> Path:
    """Write a backup of the database at ``uri`` to ``target``."""
    url = make_url(uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    args, env = _libpq(url)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *args, url.database or ""],
        env,
    )
    return target


def restore_backup(source: Path, uri: str) -> None:
    """Restore ``source`` into the database at ``uri`` (an empty or a replaced database)."""
    url = make_url(uri)
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    if url.get_backend_name() == "sqlite":
        backup = sqlite3.connect(source)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            with target:
                backup.backup(target)
        finally:
            target.close()
            backup.close()
        return
    args, env = _libpq(url)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={url.database}",
            *args,
            str(source),
        ],
        env,
    )


@click.group("backup")
def backup_group() -> None:
    """Back up the database, or restore a backup."""


@backup_group.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def create_command(target: Path) -> None:
    """Write a backup of the portal's database to TARGET."""
    try:
        create_backup(str(db.engine.url.render_as_string(hide_password=False)), target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target}.")


def newest_backup_age(directory: Path) -> float | None:
    """Hours since the newest non-empty file in ``directory`` was written, or None."""
    files = [f for f in directory.glob("*") if f.is_file() and f.stat().st_size > 0]
    if not files:
        return None
    newest = max(f.stat().st_mtime for f in files)
    return (clock.utcnow().timestamp() - newest) / 3600


@backup_group.command("check")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--max-hours", type=click.IntRange(1), default=24, show_default=True)
def check_command(directory: Path, max_hours: int) -> None:
    """Exit with status 1 unless DIRECTORY holds a backup at most MAX_HOURS old (for
    monitoring)."""
    age = newest_backup_age(directory) if directory.is_dir() else None
    if age is None:
        raise click.ClickException(f"No backup in {directory}.")
    if age > max_hours:
        raise click.ClickException(f"The newest backup in {directory} is {age:.0f} hours old.")
    click.echo(f"The newest backup is {age:.1f} hours old.")


@backup_group.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current data without asking.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the portal's database with the backup SOURCE (stop the portal first)."""
    uri = db.engine.url.render_as_string(hide_password=False)
    if not yes:
        click.confirm(f"Replace all data in {make_url(uri).database} with {source}?", abort=True)
    db.engine.dispose()
    try:
        restore_backup(source, uri)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {source}. Run `flask db upgrade` if the backup is from an older version.")
