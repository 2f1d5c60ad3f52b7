"""What signing in and out, accepting an invitation and changing a password write.

Each leaves an audit event, whether it succeeds or not.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.auth import mfa
from portal.auth.accounts import normalise_email, set_password
from portal.auth.passwords import verify_password
from portal.models import Invitation, User
from portal.models.base import utcnow


def sign_in(email: str, password: str) -> User:
    """The active account with these credentials; refused (and logged) otherwise.

    The refusal never says which of the two was wrong. With a second factor the sign-in is
    logged as ``auth.password`` here and as ``auth.login`` once the code is accepted.
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    ok = verify_password(user.password_hash if user else None, password)
    if ok and user is not None and user.active:
        action = "auth.password" if user.has_mfa else "auth.login"
        audit.record(action, actor=user, object_type="user", object_id=user.id)
        db.session.commit()
        return user
    audit.record("auth.login", actor=user, outcome="failed")
    db.session.commit()
    raise RuleError(_l("Incorrect email or password."))


def second_factor(user: User, code: str) -> User:
    """The sign-in's second step: a fresh TOTP code or an unused recovery code."""
    if mfa.check_code(user, code):
        audit.record("auth.login", actor=user, object_type="user", object_id=user.id)
        db.session.commit()
        return user
    db.session.rollback()
    audit.record("auth.mfa", actor=user, outcome="failed")
    db.session.commit()
    raise RuleError(_l("The code is not correct, or it has been used already."), field="code")


def confirm_identity(user: User, password: str, code: str) -> None:
    """Re-authentication before a sensitive change: the password, and a code when enrolled."""
    if not verify_password(user.password_hash, password):
        audit.record("auth.reauth", actor=user, outcome="failed")
        db.session.commit()
        raise RuleError(_l("The password is not correct."), field="password")
    if user.has_mfa and not mfa.check_code(user, code or ""):
        db.session.rollback()
        audit.record("auth.reauth", actor=user, outcome="failed")
        db.session.commit()
        raise RuleError(_l("The code is not correct, or it has been used already."), field="code")
    audit.record("auth.reauth", actor=user, object_type="user", object_id=user.id)
    db.session.commit()


def sign_out() -> None:
    audit.record("auth.logout")
    db.session.commit()


def accept_invitation(invitation: Invitation, user: User, password: str) -> None:
    """Set the invited user's first password; the link stops working."""
    set_password(user, password)
    invitation.used_at = utcnow()
    audit.record("auth.invitation_accepted", actor=user, object_type="user", object_id=user.id)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Change the password when ``current`` is right; every other login of the user ends."""
    if not verify_password(user.password_hash, current):
        raise RuleError(_l("The current password is not correct."), field="current")
    set_password(user, new)
    audit.record("auth.password_changed", actor=user, object_type="user", object_id=user.id)
    db.session.commit()


def remember_language(user: User, locale: str) -> None:
    """Remember the signed-in user's language for their next visits and their mail."""
    user.locale = locale
    db.session.commit()
