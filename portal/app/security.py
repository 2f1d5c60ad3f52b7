"""Request-level protections: session time limits and security headers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from portal.app import clock, drafts, timeout
from portal.app.parsing import refuse_malformed
from portal.rest import by_token

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def end_expired_login() -> Response | None:
    """Sign out after 30 minutes idle or 12 hours in all, whichever comes first. The idle
    time counts from the store's last touch of the session (``session.last_seen``), which
    the store's own expiry also enforces."""
    if not current_user.is_authenticated or by_token():
        return None  # an API token has its own expiry and no session
    now = clock.utcnow().timestamp()
    cfg = current_app.config
    signed_in_at = session.get("signed_in_at", 0)
    last_seen = getattr(session, "last_seen", None) or now
    idle = cfg["PERMANENT_SESSION_LIFETIME"].total_seconds()
    absolute = cfg["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    if now - last_seen > idle or now - signed_in_at > absolute:
        user_id = current_user.id
        logout_user()
        session.clear()
        page = drafts.keep(user_id) if request.method == "POST" else None
        if page:
            flash(str(drafts.KEPT_MESSAGE), "info")
            return redirect(url_for("auth.login", next=page))
        flash(_("Your session has ended. Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    return None


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not _is_static_file():
        # Signed-in pages, secret-link pages (an invitation, a review or assessment link) and
        # forms with their CSRF token: none of them may be kept by a browser or a proxy.
        headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def _is_static_file() -> bool:
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static")


def init_web(app: Flask) -> None:
    app.before_request(refuse_malformed)
    app.before_request(end_expired_login)
    drafts.init_drafts(app)
    timeout.init_timeout(app)
    app.after_request(security_headers)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never another host, scheme or protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("main.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return url_for("main.index")
    return target
