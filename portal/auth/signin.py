"""What a sign-in keeps in the session: the half-way state between the password and the code,
the time of the last authentication (for re-authentication), and the guard that keeps a person
whose role needs a second factor on the enrolment page until they have one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, redirect, request, session, url_for
from flask_login import current_user, login_user
from flask_wtf.csrf import generate_csrf

from portal.access.permissions import PUBLIC, access_of
from portal.app import clock, drafts
from portal.app.extensions import db
from portal.auth.mfa import required_for
from portal.models import User
from portal.rest import by_token

F = TypeVar("F", bound=Callable[..., Any])
PENDING = "mfa_pending"
AUTH_AT = "auth_at"
#: Wrong codes allowed in one half-way sign-in before the password is asked again.
MAX_CODE_TRIES = 5
#: Where a person who must enrol may go before enrolling.
ENROLMENT_ENDPOINTS = frozenset(
    {"mfa.settings", "mfa.confirm", "mfa.recovery_codes", "auth.logout"}
)


def _fresh_session() -> dict[str, Any]:
    """A new session id (no fixation); returns what is kept across it (the language)."""
    kept = {"lang": session["lang"]} if session.get("lang") else {}
    kept.update(drafts.carried())  # a form sent after the last session ended
    session["rotating"] = True  # regenerate() only acts on a non-empty session
    current_app.session_interface.regenerate(session)
    session.clear()
    return kept


def start_session(user: User) -> None:
    """A fresh session id at sign-in, then the login itself."""
    kept = _fresh_session()
    login_user(user)
    now = clock.utcnow().timestamp()
    session["signed_in_at"] = now
    session[AUTH_AT] = now
    session.update(kept)
    # The new session's CSRF secret now, so that its first page does not have to write it.
    g.pop("csrf_token", None)
    generate_csrf()


def begin_pending(user: User, email: str, next_url: str | None) -> None:
    """The password was right and a code is still needed: remember whose, briefly."""
    kept = _fresh_session()
    session[PENDING] = {
        "user": user.id,
        "generation": user.login_generation,
        "at": clock.utcnow().timestamp(),
        "email": email,
        "tries": 0,
        "next": next_url or "",
    }
    session.update(kept)


def pending() -> dict[str, Any] | None:
    """The half-way sign-in, if one is running and not too old."""
    state = session.get(PENDING)
    if not state:
        return None
    age = clock.utcnow().timestamp() - state["at"]
    if age > current_app.config["MFA_PENDING_MAX_AGE"].total_seconds():
        session.pop(PENDING, None)
        return None
    return state


def pending_user(state: dict[str, Any]) -> User | None:
    user = db.session.get(User, state["user"])
    if (
        user is None
        or not user.active
        or not user.has_mfa
        or user.login_generation != state["generation"]
    ):
        return None
    return user


def count_wrong_code(state: dict[str, Any]) -> bool:
    """Count a wrong code; True when the half-way sign-in is used up and has ended."""
    state["tries"] += 1
    if state["tries"] >= MAX_CODE_TRIES:
        session.pop(PENDING, None)
        return True
    session[PENDING] = state
    return False


def confirmed_now() -> None:
    session[AUTH_AT] = clock.utcnow().timestamp()


def authenticated_recently() -> bool:
    age = clock.utcnow().timestamp() - session.get(AUTH_AT, 0)
    return age <= current_app.config["REAUTH_MAX_AGE"].total_seconds()


def recent_auth_required(view: F) -> F:
    """The view changes how the person signs in: the password (and code) must have been given
    within ``REAUTH_MAX_AGE``, else the person confirms them first and comes back."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not authenticated_recently():
            target = request.full_path.rstrip("?") if request.method == "GET" else request.path
            return redirect(url_for("mfa.confirm", next=target))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def require_enrolment() -> Any:
    """``before_request``: a signed-in person whose role needs a second factor and who has none
    reaches only the enrolment pages, sign-out and the public pages."""
    if not current_user.is_authenticated or current_user.has_mfa or by_token():
        return None  # a token is a factor of its own, made by the admin for a system
    if not required_for(current_user):
        return None
    endpoint = request.endpoint or ""
    if endpoint in ENROLMENT_ENDPOINTS or endpoint == "static" or endpoint.endswith(".static"):
        return None
    if access_of(current_app.view_functions.get(endpoint)) == PUBLIC:
        return None
    return redirect(url_for("mfa.settings"))
