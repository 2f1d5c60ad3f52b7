"""Flask-Login wiring: loading the signed-in user and the permission guard."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.util import identity_key

from portal.access.permissions import enforce
from portal.app.extensions import db, login_manager
from portal.auth.signin import require_enrolment
from portal.auth.throttle import init_throttle
from portal.models import User
from portal.models.project import SIGNED_IN_USER
from portal.notify.service import any_unread, note_unread


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load by "id:generation"; an old generation (password changed) no longer signs in."""
    try:
        raw_id, generation = user_id.split(":")
        user = _signed_in(int(raw_id))
    except ValueError:
        return None
    if user is None or not user.active or str(user.login_generation) != generation:
        return None
    return user


def _signed_in(user_id: int) -> User | None:
    """The user as the database session store already loaded them, or else (sessions in
    Redis) the user and whether they have anything unread in one statement, as that store's
    own statement does (ADR 0031)."""
    loaded = db.session.identity_map.get(identity_key(User, user_id))
    if loaded is not None:
        return loaded
    query = select(User, any_unread(User.id).label("any_unread")).where(User.id == user_id)
    row = db.session.execute(query.options(*SIGNED_IN_USER)).first()
    if row is None:
        return None
    note_unread(row.User, row.any_unread)
    return row.User


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(enforce)
    app.before_request(require_enrolment)
    init_throttle(app)
