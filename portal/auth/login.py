"""Flask-Login wiring: loading the signed-in user and the permission guard."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.access.permissions import enforce
from portal.app.extensions import db, login_manager
from portal.auth.signin import require_enrolment
from portal.auth.throttle import init_throttle
from portal.models import User
from portal.models.project import SIGNED_IN_USER


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load by "id:generation"; an old generation (password changed) no longer signs in."""
    try:
        raw_id, generation = user_id.split(":")
        user = db.session.get(User, int(raw_id), options=SIGNED_IN_USER)
    except ValueError:
        return None
    if user is None or not user.active or str(user.login_generation) != generation:
        return None
    return user


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(enforce)
    app.before_request(require_enrolment)
    init_throttle(app)
