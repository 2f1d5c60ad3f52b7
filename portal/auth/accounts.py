"""Creating accounts and the invitation links that let people set their own password."""

from __future__ import annotations

from datetime import UTC

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.mail import send_mail
from portal.app.tokens import new_token, token_hash
from portal.auth.passwords import hash_password
from portal.hooks.manager import fire
from portal.models import Invitation, User
from portal.models.base import utcnow


def normalise_email(email: str) -> str:
    return email.strip().lower()


def public_url(endpoint: str, **values: str) -> str:
    """An absolute link for mail, built from PUBLIC_URL and never from the request's Host."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, _external=True, **values)


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    actor: User | None,
    company_id: int | None = None,
    locale: str | None = None,
    project_id: int | None = None,
) -> User:
    """Create an account without a password and send its invitation."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        company_id=company_id,
        project_id=project_id,
        locale=locale,
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    invite(user, actor)
    audit.record("user.create", actor=actor, object_type="user", object_id=user.id)
    db.session.commit()
    fire("portal_user_created", user=user, actor=actor)
    return user


def reinvite(user: User, actor: User | None) -> None:
    """Send a new invitation link to an existing account."""
    invite(user, actor)
    audit.record("user.invite", actor=actor, object_type="user", object_id=user.id)
    db.session.commit()


def invite(user: User, actor: User | None) -> str:
    """Issue a fresh single-use link (earlier unused ones stop working) and mail it."""
    for old in db.session.scalars(
        select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    ):
        old.used_at = utcnow()
    token, stored = new_token()
    db.session.add(
        Invitation(
            user_id=user.id,
            token_hash=stored,
            created_by_id=actor.id if actor else None,
            expires_at=utcnow() + current_app.config["INVITATION_LIFETIME"],
        )
    )
    link = public_url("auth.accept_invitation", token=token)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your Polku account")
        body = _(
            "Hello %(name)s,\n\nan account has been created for you in Polku. "
            "Set your password with this link within 7 days:\n\n%(link)s\n\n"
            "The link works once. If you did not expect this message, you can ignore it.",
            name=user.name,
            link=link,
        )
    send_mail(user.email, subject, body)
    return token


def valid_invitation(token: str) -> Invitation | None:
    """The unused, unexpired invitation behind ``token``, or ``None``."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token))
    )
    if invitation is None or invitation.used_at is not None:
        return None
    expires = invitation.expires_at
    if expires.tzinfo is None:  # SQLite drops the zone; we always store UTC
        expires = expires.replace(tzinfo=UTC)
    if expires <= clock.utcnow():
        return None
    return invitation


def set_password(user: User, password: str) -> None:
    """Set a new password and end every other login of this user."""
    user.password_hash = hash_password(password)
    user.login_generation = (user.login_generation or 1) + 1
