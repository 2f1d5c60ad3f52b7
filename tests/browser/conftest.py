"""Real-browser fixtures: the portal served on a free local port, driven by Playwright in
Debian's Chromium. Browsers cannot be downloaded here, so the tests skip when it is absent."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.app import clock
from portal.app.config import TestingConfig
from portal.app.extensions import db
from portal.demo.data import load_demo_data
from portal.hooks.manager import fire
from tests.support.database import private_schema

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

#: The served apps by base URL, for tests that read back what the browser stored.
LIVE_APPS: dict = {}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@contextmanager
def _database_of_its_own(tmp_path_factory) -> Iterator[str]:
    """A database the server's threads commit to: an SQLite file, or on PostgreSQL a schema of
    its own, apart from the suite's test transactions."""
    if "DATABASE_URL" in os.environ:
        with private_schema(os.environ["DATABASE_URL"], "live") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite3'}"


@pytest.fixture(scope="module")
def live_server_config() -> dict:
    """Settings of the served portal. The demo accounts have no second factor, and the pages
    these tests visit are not about signing in: they sign in with the password, as `make run`
    does (README, "Two-step sign-in"). tests/browser/test_mfa.py overrides this with the
    production rule (a second factor for admins and coaches)."""
    return {"MFA_REQUIRED_ROLES": ()}


@contextmanager
def serve_demo(tmp_path_factory, config: dict) -> Iterator[str]:
    """The portal with demo data, served in a thread on a database of its own; yields its
    base URL."""
    with _database_of_its_own(tmp_path_factory) as url:
        app = create_app({"CONFIG_CLASS": TestingConfig, "SQLALCHEMY_DATABASE_URI": url, **config})
        with app.app_context():
            db.create_all()
            load_demo_data()
            fire("portal_demo_data", today=clock.today())
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        LIVE_APPS[base] = app
        try:
            yield base
        finally:
            LIVE_APPS.pop(base, None)
            server.shutdown()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, live_server_config) -> Iterator[str]:
    """The portal with demo data, served in a thread; yields its base URL."""
    with serve_demo(tmp_path_factory, live_server_config) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watched_page(context):
    """A new page of ``context`` that keeps the Content Security Policy's complaints."""
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and "Content Security Policy" in msg.text
            and page.csp_violations.append(msg.text)
        ),
    )
    return page


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="fi-FI")
    context.set_default_timeout(10_000)
    yield watched_page(context)
    context.close()
