"""Helpers for a plugin's own test suite: an app with the plugin loaded, and signed-in users.

Plugin *code* imports only ``portal.api``; a plugin's *tests* may use these as well, so that
a plugin outside this repository (see ``flask plugins new``) can test its pages through HTTP
like the core's suite does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.test import TestResponse

from portal import create_app
from portal.app import clock
from portal.app.config import TestingConfig
from portal.app.extensions import db
from portal.auth.passwords import hash_password
from portal.models import Client, Organisation, Project, User, project_coaches

PASSWORD = "plugin-test-password-0123"  # noqa: S105 - only ever in a test database
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def plugin_app(plugins: Mapping[str, object], **config: Any) -> Flask:
    """An app with ``plugins`` (name -> module) registered next to the installed ones.

    It runs on a fresh in-memory SQLite database whose schema is created from the models
    (core and plugins'); pass ``SQLALCHEMY_DATABASE_URI`` to use another database.
    """
    settings: dict[str, Any] = {
        "CONFIG_CLASS": TestingConfig,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "REDIS_URL": None,
        "PORTAL_EXTRA_PLUGINS": dict(plugins),
        **config,
    }
    app = create_app(settings)
    with app.app_context():
        db.create_all()
    return app


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF.search(html)
    if match is None:
        raise AssertionError("no CSRF token on the page")
    return match.group(1)


@dataclass
class SignedIn:
    """A test client signed in as one user; ``post`` fills in the CSRF token as a browser would."""

    client: FlaskClient
    user_id: int

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.client.get(url, **kwargs)

    def post(
        self, url: str, data: Mapping[str, str] | None = None, *, form_url: str | None = None
    ) -> TestResponse:
        """Post ``data`` with the token of the form page ``form_url`` (``url`` by default)."""
        page = self.client.get(form_url or url).get_data(as_text=True)
        return self.client.post(url, data={**(data or {}), "csrf_token": csrf_token(page)})


def sign_in_as(
    app: Flask, role: str, *, company_id: int | None = None, locale: str = "en"
) -> SignedIn:
    """Create a user with ``role`` (an employer needs ``company_id``) and sign them in.

    Pages are in ``locale``: English by default, so that tests read the texts as written in
    the code, whatever catalogs are compiled. A role that must use two-step sign-in
    (``MFA_REQUIRED_ROLES``) gets a TOTP secret, and the sign-in types its current code.
    """
    secret = pyotp.random_base32() if role in app.config["MFA_REQUIRED_ROLES"] else None
    with app.app_context():
        number = db.session.scalar(select(func.count(User.id))) + 1
        user = User(
            email=f"{role}{number}@plugin.test",
            name=f"Test {role.title()} {number}",
            role=role,
            password_hash=hash_password(PASSWORD),
            company_id=company_id,
            locale=locale,
            totp_secret=secret,
        )
        db.session.add(user)
        if role == "coach":  # coaches work in a project; plugin tests need only one
            _test_project().coaches.append(user)
        db.session.commit()
        user_id, email = user.id, user.email
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code == 302 and secret is not None:
        token = csrf_token(client.get("/login/code").get_data(as_text=True))
        response = client.post(
            "/login/code", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token}
        )
    if response.status_code != 302:
        raise AssertionError(f"signing in as {role} failed ({response.status_code})")
    return SignedIn(client, user_id)


def _test_project() -> Project:
    """The first project, with its coaches loaded; made (with an organisation) if none."""
    project = db.session.scalar(
        select(Project).order_by(Project.id).limit(1).options(selectinload(Project.coaches))
    )
    if project is None:
        today = clock.today()
        project = Project(
            organisation=Organisation(name="Test organisation"),
            name="Test project",
            period_start=today.replace(month=1, day=1),
            period_end=today.replace(month=12, day=31),
            coaches=[],
        )
        db.session.add(project)
    return project


def add_client(app: Flask, coach_id: int, **fields: Any) -> int:
    """Add a young person coached by ``coach_id``, enrolled in the (first) project the coach
    works in; returns the client's id."""
    with app.app_context():
        project = (
            select(project_coaches.c.project_id)
            .where(project_coaches.c.user_id == coach_id)
            .order_by(project_coaches.c.project_id)
            .limit(1)
        )
        client = Client(
            **{"first_name": "Aino", "last_name": "Testinen", "birth_year": 2005, **fields},
            coach_id=coach_id,
            project_id=db.session.scalar(project),
        )
        db.session.add(client)
        db.session.commit()
        return client.id
