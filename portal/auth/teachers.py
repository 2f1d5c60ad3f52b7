"""Teachers of the education provider: a coach invites one to a client's recognition.

The teacher gets an account of their own (the usual single-use invitation link) the first time;
an existing teacher is told by mail. Either way a grant ties the teacher to that one client, and
``portal.access.scoping`` shows a teacher nothing else.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.access import audit
from portal.access.scoping import is_coach_of
from portal.app.extensions import db
from portal.app.mail import send_mail
from portal.app.rules import RuleError
from portal.auth.accounts import invite, normalise_email
from portal.models import Client, Role, TeacherAccess, User
from portal.models.base import utcnow


def _may_grant(actor: User, client: Client) -> bool:
    return actor.role == Role.ADMIN or is_coach_of(actor, client)


def invite_teacher(client: Client, email: str, name: str, actor: User, link: str) -> User:
    """Give the teacher with ``email`` access to ``client`` (creating and inviting the account
    when there is none) and mail them; ``link`` is the page where they start."""
    if not _may_grant(actor, client):
        raise RuleError(_("Only the young person's coach can invite a teacher."))
    email = normalise_email(email)
    if not email or "@" not in email:
        raise RuleError(_("Enter the teacher's email address."), "email")
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None and user.role != Role.TEACHER:
        raise RuleError(
            _("This email address belongs to an account that is not a teacher's."), "email"
        )
    if user is not None and not user.active:
        raise RuleError(_("The teacher's account has been closed."), "email")
    grant = None
    if user is None:
        if not name.strip():
            raise RuleError(_("Enter the teacher's name."), "name")
        user = User(email=email, name=name.strip()[:200], role=Role.TEACHER, active=True)
        db.session.add(user)
        db.session.flush()
        invite(user, actor)
        audit.record("user.create", actor=actor, object_type="user", object_id=user.id)
    else:
        grant = db.session.scalar(
            select(TeacherAccess).where(
                TeacherAccess.client_id == client.id, TeacherAccess.user_id == user.id
            )
        )
    if grant is None:
        grant = TeacherAccess(client_id=client.id, user_id=user.id)
        db.session.add(grant)
    grant.granted_by_id = actor.id
    grant.granted_at = utcnow()
    grant.ended_at = None
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            user.email,
            _("Competence recognition: you have been invited"),
            _(
                "Hello %(name)s,\n\n%(coach)s has invited you, as the education provider, to "
                "the competence recognition of a young person in Polku. You can grade "
                "demonstrations and confirm recognition decisions here:\n\n%(link)s",
                name=user.name,
                coach=actor.name,
                link=link,
            ),
        )
    audit.record(
        "teacher.invite", actor=actor, client_id=client.id, object_type="user", object_id=user.id
    )
    db.session.commit()
    return user


def end_teacher_access(client: Client, teacher_id: int, actor: User) -> None:
    """The teacher no longer sees the client; their earlier work stays in the history."""
    if not _may_grant(actor, client):
        raise RuleError(_("Only the young person's coach can invite a teacher."))
    grant = db.session.scalar(
        select(TeacherAccess).where(
            TeacherAccess.client_id == client.id,
            TeacherAccess.user_id == teacher_id,
            TeacherAccess.ended_at.is_(None),
        )
    )
    if grant is None:
        raise RuleError(_("This teacher has no access to the young person."))
    grant.ended_at = utcnow()
    audit.record(
        "teacher.end", actor=actor, client_id=client.id, object_type="user", object_id=teacher_id
    )
    db.session.commit()


def teachers_of(client: Client) -> list[User]:
    """The teachers who see ``client`` now, by name."""
    return db.session.scalars(
        select(User)
        .join(TeacherAccess, TeacherAccess.user_id == User.id)
        .where(TeacherAccess.client_id == client.id, TeacherAccess.ended_at.is_(None))
        .order_by(User.name)
    ).all()
