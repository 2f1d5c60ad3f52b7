"""Friendly error pages, never a traceback."""

from __future__ import annotations

import uuid

from flask import Flask, Response, current_app, flash, redirect, render_template, request, url_for
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.app import drafts
from portal.app.extensions import db
from portal.app.security import safe_next
from portal.rest import PREFIX as API_PREFIX
from portal.rest import problems

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    403: (_l("No access"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist, or you do not have access to it.")),
    405: (_l("Not allowed"), _l("This action is not possible on this page.")),
    413: (_l("Too large"), _l("The file or form you sent is too large.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged.")),
}


def _page(code: int, error_id: str | None = None, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    message = detail or message
    return render_template(
        "errors/error.html", code=code, title=title, message=message, error_id=error_id
    ), code


def handle_http(exc: HTTPException):
    code = exc.code or 500
    if request.path.startswith(API_PREFIX):
        return problems.from_exception(exc)
    if code not in MESSAGES:
        return exc
    if request_ctx.url_adapter is None:
        # A Host header outside TRUSTED_HOSTS: no URL can be built for that host, so the page
        # (whose layout links the stylesheet and the menu) cannot be rendered. Plain text.
        return Response(str(MESSAGES[code][1]), code, mimetype="text/plain")
    # A refusal that says what was wrong (a list's unknown sort or filter) says it on the page.
    return _page(code, detail=getattr(exc, "user_message", None))


def handle_csrf(exc: CSRFError):  # never under the API's prefix: its blueprint is exempt
    """A form sent after its session or token ended: what was typed is kept for the form's
    page (portal/app/drafts.py), reached again after signing in when the session is gone."""
    if request.method != "POST" or (request.endpoint or "").startswith(("auth.", "mfa.")):
        return _page(400)
    page = drafts.keep(current_user.id if current_user.is_authenticated else None)
    if page is None:
        return _page(400)
    flash(str(drafts.KEPT_MESSAGE), "info")
    if current_user.is_authenticated:
        return redirect(safe_next(page))
    return redirect(url_for("auth.login", next=safe_next(page)))


def handle_unexpected(exc: Exception):
    error_id = uuid.uuid4().hex[:12]
    current_app.logger.exception("Unhandled error %s", error_id)
    db.session.rollback()
    if request.path.startswith(API_PREFIX):
        return problems.problem(500, error_id=error_id)
    return _page(500, error_id)


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
