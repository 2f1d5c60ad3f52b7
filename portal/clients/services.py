"""Writing a client's intake details, sensitive data and portal account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.auth.accounts import create_user, normalise_email, reinvite
from portal.hooks.manager import fire
from portal.models import Client, ClientSensitive, Group, Role, User, group_members
from portal.models.base import utcnow
from portal.pathway import date_rules
from portal.pathway.progress import group_joined
from portal.projects import enrolment
from portal.projects import services as projects


@dataclass
class ClientDetails:
    """The intake basics of the client form."""

    first_name: str
    last_name: str
    birth_year: int
    entry_date: date
    email: str = ""
    phone: str = ""
    municipality: str = ""
    referral_source: str = ""
    highest_education: str = ""
    has_vocational_qualification: bool = False
    goal: str = ""
    preferred_fields: str = ""
    work_history: str = ""
    employment_status: str = ""
    coach_id: int | None = None


@dataclass
class SensitiveDetails:
    """Health, origin and language: only the client's coaches write them."""

    learning_difficulties: str = ""
    support_needs: str = ""
    immigrant_background: bool = False
    native_language: str = ""
    finnish_level: str = ""


def _fill(client: Client, details: ClientDetails) -> None:
    date_rules.entry_date(details.birth_year, details.entry_date, clock.today())
    for key, value in vars(details).items():
        setattr(client, key, value)
    client.email = normalise_email(details.email)
    client.coach_id = details.coach_id or None


def create_client(
    details: ClientDetails,
    actor: User,
    group: Group | None = None,
    project_id: int | None = None,
) -> Client:
    """Enrol a new young person in the chosen project (one the actor works in), and with the
    intake's group choice make them a member in the same commit (joining a group that has
    started moves them on, as on the members page)."""
    client = add_client(details, actor, group, project_id)
    db.session.commit()
    fire("portal_client_created", client=client, actor=actor)
    return client


def add_client(
    details: ClientDetails,
    actor: User,
    group: Group | None = None,
    project_id: int | None = None,
) -> Client:
    """:func:`create_client` without its commit: the caller commits (a file's young people
    all in one) and then fires ``portal_client_created`` for each."""
    client = Client(project_id=projects.project_for_new(actor, project_id))
    projects.check_coach_in_project(details.coach_id, client.project_id)
    if group is not None and group.project_id != client.project_id:
        raise RuleError(_l("The group belongs to another project."), field="group_id")
    _fill(client, details)
    earlier = enrolment.link_at_intake(client)
    db.session.add(client)
    db.session.flush()
    audit.record(
        "client.create", actor=actor, client_id=client.id, object_type="client", object_id=client.id
    )
    if earlier is not None:
        enrolment.audit_link(earlier, client, actor)
    if group is not None:
        db.session.execute(group_members.insert().values(group_id=group.id, client_id=client.id))
        group_joined(client, group, actor, clock.today())
        group.updated_at = utcnow()  # membership is part of the group's version
        audit.record("group.members", actor=actor, object_type="group", object_id=group.id)
    return client


def update_client(client: Client, details: ClientDetails, actor: User) -> None:
    """Apply changed intake details (the caller checks the version and commits)."""
    _fill(client, details)
    audit.record(
        "client.update", actor=actor, client_id=client.id, object_type="client", object_id=client.id
    )


def change_client(client: Client, details: ClientDetails, actor: User) -> bool:
    """Apply and commit changed details that the caller checked against the version it read
    (the API's ``If-Match``); False, with nothing saved, when someone else changed the young
    person in between. A refused rule leaves nothing changed either."""
    try:
        update_client(client, details, actor)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    except RuleError:
        db.session.rollback()
        raise
    return True


def refer_client(details: ClientDetails, actor: User, project_id: int | None) -> Client:
    """:func:`create_client` for a referral from another system (no group); a refused rule
    leaves nothing written."""
    try:
        return create_client(details, actor, None, project_id)
    except RuleError:
        db.session.rollback()
        raise


def update_sensitive(
    client: Client, record: ClientSensitive, details: SensitiveDetails, actor: User
) -> None:
    """Apply the sensitive data (the caller checks the client's version and commits)."""
    if db.session.get(ClientSensitive, client.id) is None:
        db.session.add(record)
    for key, value in vars(details).items():
        setattr(record, key, value)
    client.updated_at = utcnow()  # bumps the client's version: concurrent edits clash
    audit.record(
        "sensitive.update",
        actor=actor,
        client_id=client.id,
        object_type="client",
        object_id=client.id,
    )


def set_client_language(client: Client, account: User, locale: str, actor: User) -> None:
    """Set the locale the client's account reads the portal in (the caller checks the
    account's version and commits)."""
    account.locale = locale
    audit.record(
        "client.language",
        actor=actor,
        client_id=client.id,
        object_type="user",
        object_id=account.id,
    )


def invite_client(client: Client, actor: User) -> None:
    """Give the client their own sign-in, or send them a new invitation link.

    Refused without an email address, or when another account already uses the address.
    """
    if client.user_id:
        reinvite(db.session.get(User, client.user_id), actor)
        return
    if not client.email:
        raise RuleError(_l("Add the client's email address first."), field="email")
    if db.session.scalar(select(func.count(User.id)).where(User.email == client.email)):
        raise RuleError(_l("Another account already uses this email."))
    user = create_user(email=client.email, name=client.full_name, role=Role.CLIENT, actor=actor)
    client.user_id = user.id
    db.session.commit()
