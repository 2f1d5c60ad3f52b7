"""Who calls the API: the account of the token in ``Authorization: Bearer``, never a sign-in
session (the session store gives API requests none), so no page's cookie can act through
the API and a write needs no CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Request, g, request

from portal.app.extensions import csrf, db, login_manager
from portal.models import User
from portal.rest import PREFIX, tokens
from portal.rest.problems import Problem

F = TypeVar("F", bound=Callable[..., Any])


def is_api_request(req: Request | None = None) -> bool:
    return (req or request).path.startswith(PREFIX)


def _from_token(req: Request) -> User | None:
    """Flask-Login's loader for a request with no signed-in session: an API request's token."""
    if not is_api_request(req):
        return None
    scheme, _, secret = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip() or len(secret) > 200:
        return None
    token = tokens.find(secret.strip())
    user = db.session.get(User, token.user_id) if token is not None else None
    if user is not None:
        g.api_token = token
    return user


def scope_required(scope: str) -> Callable[[F], F]:
    """The view answers only a token allowed ``scope``."""

    def mark(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if scope not in (g.api_token.scopes or []):
                raise Problem(403, scope=scope)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return mark


def init_api(app: Flask) -> None:
    """The API's blueprint, signed in by token and exempt from the pages' CSRF tokens."""
    from portal.rest import (  # noqa: F401 - their endpoints
        client_writes,
        imports,
        organisation,
        pathway,
        records,
        reports,
        trainees,
    )
    from portal.rest.plugin_routes import register_plugin_api
    from portal.rest.views import bp

    login_manager.request_loader(_from_token)
    csrf.exempt(bp)
    app.register_blueprint(bp)
    register_plugin_api(app)
