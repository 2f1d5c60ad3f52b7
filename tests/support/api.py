"""Calling the JSON API in tests: a token for a world's account, a request with it."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from portal.app import clock
from portal.app.extensions import db
from portal.models import User
from portal.rest import tokens
from portal.rest.spec import BASE


def token_for(app: Flask, user_id: int, scopes=("clients:read",), days: int = 30) -> str:
    """A working token's secret for the account ``user_id``."""
    with app.app_context():
        user = db.session.get(User, user_id)
        made = tokens.make(
            "Test system", user, list(scopes), clock.today() + timedelta(days=days), user
        )
        return made.secret


def api_get(app: Flask, path: str, secret: str | None, **headers):
    """GET ``BASE + path`` with the token ``secret`` (none when None)."""
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return app.test_client().get(BASE + path, headers=headers)
