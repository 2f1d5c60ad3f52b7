"""Connection settings: the pool of a server database (PostgreSQL) and its just-in-time
compilation, SQLite's journal."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

log = logging.getLogger(__name__)


def apply_pool_settings(config: dict[str, Any]) -> None:
    """Size the pool of a server database: ``DB_POOL_SIZE`` connections kept per process,
    ``DB_MAX_OVERFLOW`` more under a burst, each checked before use (``pool_pre_ping``: a
    database restart costs one retry, not an error page) and replaced after
    ``DB_POOL_RECYCLE`` seconds. SQLite keeps SQLAlchemy's own pool, which takes none of these.
    Explicit ``SQLALCHEMY_ENGINE_OPTIONS`` keys win."""
    url = config.get("SQLALCHEMY_DATABASE_URI") or ""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    if make_url(url).get_backend_name() != "sqlite":
        options.setdefault("pool_size", config.get("DB_POOL_SIZE", 5))
        options.setdefault("max_overflow", config.get("DB_MAX_OVERFLOW", 5))
        options.setdefault("pool_recycle", config.get("DB_POOL_RECYCLE", 1800))
        options.setdefault("pool_timeout", config.get("DB_POOL_TIMEOUT", 10))
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def tune_connections(engine: Engine, jit: bool = False) -> None:
    """Settings each new connection gets.

    SQLite: a file in write-ahead-log mode, synced at checkpoints (``synchronous=NORMAL``).
    In its default mode SQLite syncs the disk several times per commit and a writer locks out
    every reader: each page that records a read of personal data (one INSERT and a commit)
    paid for syncs, and a long export made other requests answer "database is locked". With
    the log, readers go on while one writes, and a commit costs an append. A power cut may
    lose the last commits, never corrupt the file; a server database is for production.

    PostgreSQL: no just-in-time compilation (``DB_JIT`` turns it back on). A page's statement
    over many rows is costed above the server's JIT threshold, and compiling it took 0.5 s
    of a 0.65 s statement at 100,000 young people; the portal's statements are short.
    """
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql" and not jit:
        event.listen(engine, "connect", _no_jit)


def _no_jit(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("SET jit = off")
    cursor.close()
    connection.commit()  # the setting outlives the transaction it was set in


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:  # another process holds the file as it switches: later
        log.warning("SQLite stays in its journal mode for now: the file is in use")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
