"""Fixtures: one app for the whole session on SQLite in memory (or on the database in
DATABASE_URL), a clean database for every test, and apps of their own for tests that need
other settings. How the database is cleaned: ``tests/support/database.py``."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import event

from portal import create_app
from portal.app.config import TestingConfig
from portal.app.extensions import db, limiter
from portal.reports.cache import EXTENSION as REPORTS_CACHE
from tests.hook_monitor import hook_calls  # noqa: F401 - autouse: each test_hook_* calls its hook
from tests.support.browser import PASSWORD, Browser, csrf_token, form_fields
from tests.support.catalogs import catalog_dirs, compile_catalogs
from tests.support.database import SuiteDatabase, for_suite, private_schema
from tests.support.midnight import wait_if_midnight_is_near
from tests.support.world import World, add_group_clients, set_state, state_of

__all__ = [
    "PASSWORD",
    "Browser",
    "World",
    "add_group_clients",
    "app_with",
    "count_queries",
    "csrf_token",
    "form_fields",
    "move",
    "set_state",
    "state_of",
]

ROOT = Path(__file__).resolve().parent.parent
#: What the PostgreSQL test transaction adds around the app's own statements.
SAVEPOINTS = ("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once for every app the suite builds, not once per app."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def pytest_configure(config: pytest.Config) -> None:
    """In CI, before any test module is imported (by this process or its workers), a run
    that would cross midnight in the project's time zone waits for it (``support.midnight``)."""
    if os.environ.get("CI") and not hasattr(config, "workerinput"):
        wait_if_midnight_is_near()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> list[Path]:
    """Compile the translation catalogs that are missing or older than their sources."""
    return compile_catalogs(catalog_dirs(ROOT))


def _build(**config) -> Flask:
    # Rate-limit counters may live in a shared Redis: give every app its own keys.
    config.setdefault("RATELIMIT_KEY_PREFIX", f"polku-test-{uuid.uuid4().hex}")
    config.setdefault("SQLALCHEMY_DATABASE_URI", TestingConfig.SQLALCHEMY_DATABASE_URI)
    app = create_app({"CONFIG_CLASS": TestingConfig, **config})
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def suite_app() -> Iterator[Flask]:
    """The app most tests share: built once, with every installed plugin."""
    app = _build()
    yield app
    _dispose(app)


@pytest.fixture(scope="session")
def suite_database(suite_app: Flask) -> SuiteDatabase:
    """The schema, built once for the session."""
    return for_suite(suite_app)


@contextmanager
def _for_one_test(app: Flask, database: SuiteDatabase) -> Iterator[Flask]:
    """A long-lived app as a test needs it: on a clean database, its figure cache empty; the
    settings a test changes are put back afterwards."""
    settings = dict(app.config)
    app.extensions[REPORTS_CACHE].clear()
    # The one limiter object is switched on or off by whichever app was initialised last.
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    try:
        with database.isolated(app):
            yield app
    finally:
        app.config.clear()
        app.config.update(settings)


@pytest.fixture
def app(suite_app: Flask, suite_database: SuiteDatabase) -> Iterator[Flask]:
    """The suite's app, on a clean database."""
    with _for_one_test(suite_app, suite_database) as fresh:
        yield fresh


def app_with(**config) -> Callable[..., Iterator[Flask]]:
    """An ``app`` fixture for a test module whose tests all need other settings
    (``app = app_with(PORTAL_EXTRA_PLUGINS={...})``): the app is built once, at the module's
    first test, and every test gets it on a clean database."""
    built: list[Flask] = []

    @pytest.fixture
    def app(suite_database: SuiteDatabase, request: pytest.FixtureRequest) -> Iterator[Flask]:
        if not built:
            built.append(_build(**config))
            request.node.getparent(pytest.Module).addfinalizer(lambda: _dispose(built.pop()))
        with _for_one_test(built[0], suite_database) as fresh:
            yield fresh

    return app


@pytest.fixture
def make_app(suite_database: SuiteDatabase) -> Iterator[Callable[..., Flask]]:
    """Build an app with settings of its own (``make_app(PORTAL_PLUGINS=[])``), each on a clean
    database of its own."""
    with ExitStack() as cleanup:

        def factory(**config) -> Flask:
            app = _build(**config)
            cleanup.callback(_dispose, app)
            if suite_database.serves(app):
                cleanup.enter_context(suite_database.isolated(app))
            else:  # a database the test chose itself, such as a benchmark's SQLite file
                with app.app_context():
                    db.create_all()
            return app

        yield factory


@pytest.fixture
def empty_db_app(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build an app on an empty database (no tables at all), for migration tests: an SQLite
    file, or on PostgreSQL a schema of its own."""
    with ExitStack() as cleanup:

        def factory(**config) -> Flask:
            if "DATABASE_URL" in os.environ:
                uri = cleanup.enter_context(private_schema(os.environ["DATABASE_URL"], "empty"))
            else:
                uri = f"sqlite:///{tmp_path / f'empty-{uuid.uuid4().hex}.sqlite3'}"
            config.setdefault("SQLALCHEMY_DATABASE_URI", uri)
            app = _build(**config)
            cleanup.callback(_dispose, app)
            return app

        yield factory


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An app context for tests that work with the database directly (not for HTTP tests:
    requests would share its ``g`` and so its signed-in user)."""
    with app.app_context():
        yield app


@pytest.fixture
def world(app: Flask) -> World:
    with app.app_context():
        return World()


@pytest.fixture
def browser(app: Flask) -> Browser:
    """A visitor who has not signed in."""
    return Browser(app.test_client())


@pytest.fixture
def as_role(request: pytest.FixtureRequest) -> Callable[..., Browser]:
    """Sign in as one of a World's people, by its attribute name: ``as_role("coach")`` in the
    test's ``world``, ``as_role("employer", own_world)`` in a World built in another app."""

    def sign_in(role: str, world: World | None = None) -> Browser:
        world = world or request.getfixturevalue("world")
        browser = Browser(world.app.test_client())
        response = browser.login(getattr(world, role).email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return browser

    return sign_in


def move(browser: Browser, client_id: int, target: str, reason: str = "syy"):
    """Ask for a change of phase on the client page, as the coach's form does."""
    return browser.post(
        f"/clients/{client_id}/state",
        {"target": target, "reason": reason},
        form_url=f"/clients/{client_id}",
    )


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Count the app's SQL statements while the block runs (not the test's savepoints)."""
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        if not statement.startswith(SAVEPOINTS):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
