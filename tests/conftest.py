"""Fixtures: an app per test on SQLite in memory, or on the database in DATABASE_URL."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import MetaData, event

from portal import create_app
from portal.app import clock
from portal.app.config import TestingConfig
from portal.app.extensions import db
from portal.auth.passwords import hash_password
from portal.models import Client, Company, Group, Placement, Role, User, group_members
from tests.hook_monitor import hook_calls  # noqa: F401 - autouse: each test_hook_* calls its hook

PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def _reset_database(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
            return
        db.drop_all()
        db.create_all()


def _dispose(apps: list[Flask], drop) -> None:
    """After a test: end each app's session, drop what it created, close its connections."""
    for app in apps:
        with app.app_context():
            db.session.remove()
            drop()
            db.engine.dispose()


@pytest.fixture
def make_app() -> Iterator:
    """Build an app with extra config; each one gets a fresh schema."""
    apps = []

    def factory(**config) -> Flask:
        # Rate-limit counters may live in a shared Redis: give every app its own keys.
        config.setdefault("RATELIMIT_KEY_PREFIX", f"polku-test-{uuid.uuid4().hex}")
        config.setdefault("SQLALCHEMY_DATABASE_URI", TestingConfig.SQLALCHEMY_DATABASE_URI)
        app = create_app({"CONFIG_CLASS": TestingConfig, **config})
        _reset_database(app)
        apps.append(app)
        return app

    yield factory
    _dispose(apps, lambda: db.engine.dialect.name != "sqlite" and db.drop_all())


def drop_everything() -> None:
    """Drop every table in the database, also those no model knows (alembic_version)."""
    reflected = MetaData()
    reflected.reflect(bind=db.engine)
    reflected.drop_all(bind=db.engine)


@pytest.fixture
def empty_db_app(tmp_path) -> Iterator:
    """An app on an empty database (no tables at all), for migration tests."""
    apps = []

    def factory(**config) -> Flask:
        if "DATABASE_URL" not in os.environ:
            config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'm.sqlite3'}")
        app = create_app({"CONFIG_CLASS": TestingConfig, **config})
        with app.app_context():
            drop_everything()
        apps.append(app)
        return app

    yield factory
    _dispose(apps, drop_everything)


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An app context for tests that work with the database directly (not for HTTP tests:
    requests would share its ``g`` and so its signed-in user)."""
    with app.app_context():
        yield app


class World:
    """A small, fully linked data set: two companies, two coaches, clients in and out of scope."""

    def __init__(self) -> None:
        today = clock.today()
        pw = hash_password(PASSWORD)

        def user(email, role, company=None, name=None):
            u = User(
                email=email,
                name=name or email.split("@")[0].title(),
                role=role,
                password_hash=pw,
                active=True,
                company=company,
            )
            db.session.add(u)
            return u

        self.company = Company(name="Varasto Oy", business_id="2914650-5", industry="logistiikka")
        self.other_company = Company(name="Kahvila Oy", business_id="3071849-4")
        db.session.add_all([self.company, self.other_company])
        self.admin = user("admin@example.fi", Role.ADMIN)
        self.coach = user("coach@example.fi", Role.COACH, name="Kaisa Valmentaja")
        self.other_coach = user("coach2@example.fi", Role.COACH, name="Olli Ohjaaja")
        self.employer = user("employer@example.fi", Role.EMPLOYER, self.company)
        self.other_employer = user("employer2@example.fi", Role.EMPLOYER, self.other_company)
        self.client_user = user("client@example.fi", Role.CLIENT, name="Aino Virtanen")
        self.group = Group(
            name="Ryhmä 1",
            start_date=today - timedelta(days=30),
            end_date=today - timedelta(days=20),
            coaches=[self.coach],
        )
        self.other_group = Group(
            name="Ryhmä 2", start_date=today, end_date=today, coaches=[self.other_coach]
        )
        self.client = Client(
            first_name="Aino",
            last_name="Virtanen",
            birth_year=2004,
            entry_date=today - timedelta(days=90),
            user=self.client_user,
            coach=self.coach,
        )
        self.other_client = Client(
            first_name="Eetu",
            last_name="Korhonen",
            birth_year=2003,
            entry_date=today - timedelta(days=90),
            coach=self.other_coach,
        )
        self.group.members.append(self.client)
        self.other_group.members.append(self.other_client)
        db.session.add_all([self.group, self.other_group, self.client, self.other_client])
        self.placement = Placement(
            client=self.client,
            company=self.company,
            supervisor=self.employer,
            start_date=today - timedelta(days=10),
            end_date=today + timedelta(days=50),
            tasks="Keräily",
        )
        self.other_placement = Placement(
            client=self.other_client,
            company=self.other_company,
            supervisor=self.other_employer,
            start_date=today,
            end_date=today + timedelta(days=60),
        )
        db.session.add_all([self.placement, self.other_placement])
        db.session.commit()
        for obj in list(db.session.identity_map.values()):
            db.session.refresh(obj)
        db.session.expunge_all()  # usable (read-only) after the app context ends


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        return World()


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that fills in CSRF tokens the way a browser submitting a form would."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, *, form_url=None, **kw):
        data = dict(data or {})
        if "csrf_token" not in data:
            page = self.client.get(form_url or url)
            if page.status_code != 200:  # a POST-only URL: any page carries the session's token
                page = self.client.get("/accessibility")
            data["csrf_token"] = csrf_token(page.get_data(as_text=True))
        return self.client.post(url, data=data, **kw)

    def login(self, email, password=PASSWORD):
        return self.post("/login", {"email": email, "password": password})

    def logout(self):
        return self.post("/logout", form_url="/")


@pytest.fixture
def browser(app) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def as_role(app, world):
    """A signed-in browser for one of the world's users: ``as_role("coach")``."""

    def sign_in(attr: str) -> Browser:
        b = Browser(app.test_client())
        response = b.login(getattr(world, attr).email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return b

    return sign_in


def add_group_clients(app: Flask, world: World, n: int, **fields) -> list[int]:
    """Add ``n`` clients of the world's coach to the world's group; returns their ids."""
    with app.app_context():
        clients = [
            Client(
                first_name=f"Etu{i}",
                last_name=f"Suku{i:04}",
                birth_year=2000,
                coach_id=world.coach.id,
                **fields,
            )
            for i in range(n)
        ]
        db.session.add_all(clients)
        db.session.flush()
        db.session.execute(
            group_members.insert(),
            [{"group_id": world.group.id, "client_id": c.id} for c in clients],
        )
        db.session.commit()
        return [c.id for c in clients]


def state_of(app: Flask, client_id: int) -> str:
    with app.app_context():
        return db.session.get(Client, client_id).state


def set_state(app: Flask, client_id: int, state: str) -> None:
    with app.app_context():
        db.session.get(Client, client_id).state = state
        db.session.commit()


def move(browser: Browser, client_id: int, target: str, reason: str = "syy"):
    """Ask for a change of phase on the client page, as the coach's form does."""
    return browser.post(
        f"/clients/{client_id}/state",
        {"target": target, "reason": reason},
        form_url=f"/clients/{client_id}",
    )


@contextmanager
def count_queries(app: Flask):
    """Count SQL statements sent while the block runs."""
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
