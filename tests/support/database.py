"""Test databases: the schema is built once per session, and every test starts from it.

SQLite in memory (the default): the schema is built once into a template database; every app
gets a copy of it through SQLite's backup API, and the suite's shared app gets a fresh copy
before each test. Commits are real, so the app runs exactly as it does in production.

PostgreSQL (``DATABASE_URL``): the schema is created once. Each test runs the app's ORM work on
one connection inside a transaction that is rolled back at the end; every commit in the app
releases a savepoint instead (SQLAlchemy's ``join_transaction_mode="create_savepoint"``). Work
that opens a connection of its own (the database session store) commits for real, so its table
is emptied after each test. Tests that need an empty database, or a server in another thread,
get a schema of their own.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import Connection, MetaData, NullPool, create_engine, delete, make_url, text

from portal.app.extensions import db
from portal.models import ServerSession

JOINED = "polku_test_connection"


class SuiteDatabase(Protocol):
    """How the suite gives an app a clean database built from the session's schema."""

    def serves(self, app: Flask) -> bool:
        """Whether ``app`` is on the database this strategy isolates."""

    def isolated(self, app: Flask) -> AbstractContextManager[None]:
        """Give ``app`` the bare schema for the duration of the block."""


def drop_everything() -> None:
    """Drop every table in the database, also those no model knows (alembic_version)."""
    reflected = MetaData()
    reflected.reflect(bind=db.engine)
    reflected.drop_all(bind=db.engine)


def _uri(app: Flask) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"]


@contextmanager
def _sqlite_connection(app: Flask) -> Iterator[sqlite3.Connection]:
    """The app's one in-memory SQLite connection, outside any transaction."""
    with app.app_context():
        db.session.remove()
        raw = db.engine.raw_connection()
    try:
        raw.driver_connection.rollback()
        yield raw.driver_connection
    finally:
        raw.close()


class SqliteTemplate:
    """SQLite in memory: a template with the schema, copied over an app's database."""

    def __init__(self, app: Flask) -> None:
        self._template = sqlite3.connect(":memory:", check_same_thread=False)
        with app.app_context():
            db.create_all()
        with _sqlite_connection(app) as built:
            built.backup(self._template)

    def serves(self, app: Flask) -> bool:
        return _uri(app) == "sqlite://"

    @contextmanager
    def isolated(self, app: Flask) -> Iterator[None]:
        with _sqlite_connection(app) as target:
            self._template.backup(target)
        yield


class _JoinedSession(Session):
    """The app's ORM session, run on the test's connection when the test has opened one."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        joined = current_app.extensions.get(JOINED) if has_app_context() else None
        if bind is None and joined is not None:
            return joined
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


class PostgresTransactions:
    """PostgreSQL: the schema once, then each test in a transaction that is rolled back."""

    def __init__(self, app: Flask) -> None:
        self._url = _uri(app)
        with app.app_context():
            drop_everything()
            db.create_all()
        db.session.session_factory.class_ = _JoinedSession
        db.session.session_factory.configure(join_transaction_mode="create_savepoint")

    def serves(self, app: Flask) -> bool:
        return _uri(app) == self._url

    @contextmanager
    def isolated(self, app: Flask) -> Iterator[None]:
        with app.app_context():
            engine = db.engine
        connection: Connection = engine.connect()
        transaction = connection.begin()
        app.extensions[JOINED] = connection
        try:
            yield
        finally:
            with app.app_context():
                db.session.remove()
            del app.extensions[JOINED]
            transaction.rollback()
            connection.close()
            with engine.begin() as own:  # the session store's rows were committed
                own.execute(delete(ServerSession))


@contextmanager
def private_schema(url: str, purpose: str) -> Iterator[str]:
    """A PostgreSQL schema of one's own; yields a URL whose connections use only it."""
    name = f"polku_{purpose}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={name}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def for_suite(app: Flask) -> SuiteDatabase:
    """The strategy for the suite's database, building the schema on ``app``."""
    if _uri(app).startswith("postgresql"):
        return PostgresTransactions(app)
    return SqliteTemplate(app)
