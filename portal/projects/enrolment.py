"""Enrolling a young person again, in another project of the organisation (ADR 0029).

The new enrolment is a new ``clients`` row of the same person, linked to the one before it;
the young person's sign-in account moves to it. Special-category data (``ClientSensitive``)
is not copied: the new project asks for what it needs, with its own purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from portal.access import audit
from portal.access.scoping import client_or_404, visible_client_ids_for
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Client, Outcome, PathwayState, Person, Project, Role, User
from portal.pathway import date_rules
from portal.projects.services import check_coach_in_project, project_for_new

#: What the new enrolment takes over from the one before: who the young person is, how to
#: reach them and their background; not the pathway, the ESF+ answers or anything sensitive.
COPIED = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_year",
    "municipality",
    "highest_education",
    "has_vocational_qualification",
    "goal",
    "preferred_fields",
    "work_history",
)


@dataclass(frozen=True)
class Link:
    """The other enrolment of a link shown on a client page."""

    client_id: int
    project_name: str
    period_start: date
    period_end: date


def has_ended(client: Client) -> bool:
    """An enrolment ends when it is closed or has an outcome."""
    if client.state == PathwayState.CLOSED:
        return True
    return db.session.scalar(select(Outcome.id).where(Outcome.client_id == client.id)) is not None


def later_enrolment_id(client: Client) -> int | None:
    """The enrolment that follows ``client``'s, looked for among the same person's."""
    return db.session.scalar(
        select(Client.id).where(
            Client.person_id == client.person_id, Client.previous_enrolment_id == client.id
        )
    )


def _digits(phone: str | None) -> str:
    return "".join(c for c in phone or "" if c.isdigit())


def same_person(a: Client, b: Client) -> bool:
    """Two enrolments name the same young person: the same names (whatever their case) and
    birth year, and the same e-mail address or phone number. Names alone are not enough:
    two young people of the same name and age are common in a city."""
    if (a.first_name.casefold(), a.last_name.casefold(), a.birth_year) != (
        b.first_name.casefold(),
        b.last_name.casefold(),
        b.birth_year,
    ):
        return False
    same_mail = bool(a.email) and (a.email or "").casefold() == (b.email or "").casefold()
    same_phone = len(_digits(a.phone)) >= 6 and _digits(a.phone) == _digits(b.phone)
    return same_mail or same_phone


def earlier_enrolment(client: Client) -> Client | None:
    """At intake: the same person's latest enrolment in a project of the organisation, when
    there is one (:func:`same_person`); only an enrolment no later one follows yet. The
    last name as typed finds the candidates through its index."""
    later = aliased(Client)
    organisation = select(Project.organisation_id).where(Project.id == client.project_id)
    candidates = db.session.scalars(
        select(Client)
        .join(Project, Project.id == Client.project_id)
        .where(
            Client.last_name == client.last_name,
            Client.birth_year == client.birth_year,
            Project.organisation_id == organisation.scalar_subquery(),
            ~select(later.id)
            .where(later.person_id == Client.person_id, later.previous_enrolment_id == Client.id)
            .exists(),
        )
        .order_by(Client.entry_date.desc(), Client.id.desc())
        .limit(20)
    ).all()
    return next((c for c in candidates if same_person(c, client)), None)


def enrolment_to_follow(client: Client) -> Client | None:
    """The earlier enrolment a new one (not yet in the session) would be linked to, writing
    nothing; refused while that enrolment runs: a young person is in one project at a time."""
    previous = earlier_enrolment(client)
    if previous is not None and not has_ended(previous):
        raise RuleError(
            _l(
                "This young person is already enrolled in a project of the organisation. "
                "Their enrolment there has to end before they are enrolled again; ask "
                "their coach or the project manager."
            )
        )
    return previous


def link_at_intake(client: Client) -> Client | None:
    """Link a new enrolment, before it is added to the session, to the same person's earlier
    one as :func:`enrol_again` would: the person, the link and the sign-in account (the
    caller audits the link with :func:`audit_link` once the enrolment has its id). Refused
    while the earlier enrolment runs: a young person is in one project at a time. Returns
    the earlier enrolment, or None when this is the person's first."""
    previous = enrolment_to_follow(client)
    if previous is None:
        return None
    client.person = db.session.get(Person, previous.person_id)
    client.previous_enrolment_id = previous.id
    _move_account(previous, client)
    return previous


def _move_account(previous: Client, enrolment: Client) -> None:
    """The young person's sign-in follows them to the new enrolment (the column is unique:
    it leaves the earlier one first)."""
    account, previous.user_id = previous.user_id, None
    db.session.flush()
    enrolment.user_id = account


def audit_link(previous: Client, enrolment: Client, actor: User) -> None:
    """The link, in the audit trail of both enrolments."""
    for client_id, other in ((enrolment.id, previous.id), (previous.id, enrolment.id)):
        audit.record(
            "client.enrol_again",
            actor=actor,
            client_id=client_id,
            object_type="client",
            object_id=other,
        )


def enrol_again(
    previous: Client, project_id: int | None, actor: User, entry_date: date | None = None
) -> Client:
    """A new enrolment of ``previous``'s person in a project the actor works in.

    Refused while the earlier enrolment runs, or once the person has a later one (the link
    goes from each enrolment to the one just before it)."""
    if not has_ended(previous):
        raise RuleError(_l("The young person's enrolment has not ended yet."))
    if later_enrolment_id(previous) is not None:
        raise RuleError(_l("The young person has already been enrolled again."))
    entry = entry_date or clock.today()
    date_rules.entry_date(previous.birth_year, entry, clock.today())
    enrolment = Client(
        person_id=previous.person_id,
        project_id=project_for_new(actor, project_id),
        previous_enrolment_id=previous.id,
        entry_date=entry,
        state=PathwayState.REFERRED,
        coach_id=actor.id if actor.role == Role.COACH else None,
        **{name: getattr(previous, name) for name in COPIED},
    )
    check_coach_in_project(enrolment.coach_id, enrolment.project_id)
    _move_account(previous, enrolment)
    db.session.add(enrolment)
    db.session.flush()
    audit_link(previous, enrolment, actor)
    db.session.commit()
    return enrolment


@dataclass(frozen=True)
class Enrolments:
    """A client page's project, and the same person's enrolments just before and after it
    (None when there is none, or the viewer may not see it)."""

    project: Link
    earlier: Link | None
    later: Link | None


#: The enrolment whose person is looked for; made once (see ``access.scoping``).
_THIS = aliased(Client, name="this_enrolment")


def same_person_in_scope(viewer: User, client_id: int) -> Select:
    """The enrolments of ``client_id``'s person that ``viewer`` may see, with their projects.
    Linked enrolments are the same person's: found through the person's index, not by
    scanning every enrolment's link."""
    this = _THIS
    person = select(this.person_id).where(this.id == client_id).scalar_subquery()
    return (
        select(Client, Project.name, Project.period_start, Project.period_end)
        .join(Project, Project.id == Client.project_id)
        .where(
            Client.person_id == person,
            Client.id.in_(visible_client_ids_for(viewer, Client.id)),
        )
    )


def client_and_enrolments(viewer: User, client_id: int) -> tuple[Client, Enrolments]:
    """The client for their page (or a 404, audited as ``get_client_or_404``), with their
    project and the links both ways, in one statement: the other enrolments only when
    ``viewer``'s scope lets them through."""
    rows = db.session.execute(same_person_in_scope(viewer, client_id)).all()
    found = {c.id: (c, Link(c.id, name, start, end)) for c, name, start, end in rows}
    client = client_or_404(found[client_id][0] if client_id in found else None, client_id)
    later = [c.id for c, *_ in rows if c.previous_enrolment_id == client_id]
    earlier = found.get(client.previous_enrolment_id or 0)
    return client, Enrolments(
        project=found[client_id][1],
        earlier=earlier[1] if earlier else None,
        later=found[later[0]][1] if later else None,
    )
