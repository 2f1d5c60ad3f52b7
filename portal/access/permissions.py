"""Deny by default: every view declares who may use it, and a guard enforces it.

``roles_required`` and ``public`` only mark the view function; :func:`enforce` runs before
every request and refuses any endpoint that carries no mark, so a forgotten declaration
fails closed. Object-level scoping lives in ``portal.scoping``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from portal.rest import PREFIX as API_PREFIX

F = TypeVar("F", bound=Callable[..., Any])
ACCESS_ATTR = "portal_access"
PUBLIC = "public"
SIGNED_IN = "signed_in"
#: The staff who work with young people's records, each within their scope
#: (``portal.access.scoping``): a coach their own clients, a project manager their project's,
#: the admin everyone's. Special-category data stays with coaches and the admin.
CASEWORKERS = ("coach", "admin", "project_manager")


def roles_required(*roles: str) -> Callable[[F], F]:
    """Allow the view to signed-in users with one of ``roles``."""
    if not roles:
        raise ValueError("name at least one role, or use signed_in_required")

    def mark(view: F) -> F:
        setattr(view, ACCESS_ATTR, frozenset(roles))
        return view

    return mark


def signed_in_required(view: F) -> F:
    """Allow the view to any signed-in user."""
    setattr(view, ACCESS_ATTR, SIGNED_IN)
    return view


def public(view: F) -> F:
    """Allow the view to everyone, signed in or not."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def access_of(view: Callable[..., Any] | None) -> Any:
    return getattr(view, ACCESS_ATTR, None)


def enforce() -> Any:
    """``before_request`` guard for every endpoint, core and plugin alike."""
    if request.endpoint is None:  # 404 / 405: let Flask answer
        return None
    if request.endpoint == "static" or request.endpoint.endswith(".static"):
        return None
    access = access_of(current_app.view_functions.get(request.endpoint))
    if access == PUBLIC:
        return None
    if access is None:
        current_app.logger.error("Endpoint %s declares no permission", request.endpoint)
        abort(403)
    if not current_user.is_authenticated:
        if request.path.startswith(API_PREFIX):  # a program: no sign-in page to send it to
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if access != SIGNED_IN and current_user.role not in access:
        abort(403)
    return None
