"""Writing groups: their dates and coaches, members, Attitude Training sessions and attendance.

The 8-15 members and 1-2 weeks rules are checked by the forms (a confirmed reason lets an
unusual group through); here are the date rules no reason overrides (at most 8 weeks, at least
one member), who may be added and what an attendance needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Attendance, AttendanceStatus, Client, Group, GroupSession, User
from portal.models.base import utcnow
from portal.pathway import date_rules
from portal.pathway.progress import group_joined
from portal.projects.services import project_for_new


@dataclass
class GroupDetails:
    name: str
    start_date: date
    end_date: date
    coach_ids: list[int]
    exception_reason: str = ""


@dataclass
class SessionDetails:
    on: date
    topic: str
    title: str
    company_id: int | None = None


def _apply(group: Group, details: GroupDetails) -> None:
    date_rules.period(details.start_date, details.end_date, clock.today())
    date_rules.group_within_limit(details.start_date, details.end_date)
    group.name = details.name
    group.start_date = details.start_date
    group.end_date = details.end_date
    group.exception_reason = details.exception_reason
    group.coaches = list(db.session.scalars(select(User).where(User.id.in_(details.coach_ids))))


def create_group(details: GroupDetails, actor: User, project_id: int | None = None) -> Group:
    """A new group in the chosen project (one the actor works in)."""
    group = Group(project_id=project_for_new(actor, project_id))
    _apply(group, details)
    audit.record_creation(group, "group.create", object_type="group", actor=actor)
    db.session.commit()
    return group


def update_group(group: Group, details: GroupDetails, actor: User) -> None:
    """Apply changed dates and coaches (the caller checks the version and commits)."""
    _apply(group, details)
    audit.record("group.update", actor=actor, object_type="group", object_id=group.id)


def set_members(
    group: Group, visible: list[Client], chosen: list[int], exception_reason: str, actor: User
) -> None:
    """Make the chosen clients the members (the caller checks the version and commits).

    Only clients the actor may see (``visible``) are added or removed: members who are
    another coach's clients stay as they are. A client who joins a group that has started
    moves on to Attitude Training.
    """
    allowed = {c.id: c for c in visible}
    hidden = [m for m in group.members if m.id not in allowed]
    before = {m.id for m in group.members}
    members = hidden + [allowed[i] for i in chosen if i in allowed]
    date_rules.group_has_members(len(members))
    group.members = members
    today = clock.today()
    for joined in (m for m in group.members if m.id not in before):
        group_joined(joined, group, actor, today)
    group.updated_at = utcnow()  # membership is part of the group's version
    if exception_reason:
        group.exception_reason = exception_reason
    audit.record("group.members", actor=actor, object_type="group", object_id=group.id)


def add_session(group: Group, details: SessionDetails, actor: User) -> GroupSession:
    date_rules.sensible(details.on, "on", clock.today())
    date_rules.group_has_members(group.member_count)
    session = GroupSession(
        group_id=group.id,
        on=details.on,
        topic=details.topic,
        title=details.title,
        company_id=details.company_id or None,
    )
    db.session.add(session)
    db.session.flush()
    audit.record("group.session", actor=actor, object_type="group", object_id=group.id)
    db.session.commit()
    return session


class AttendanceRefused(RuleError):
    """Some members' marks are refused (an unknown mark, a day before their entry)."""

    def __init__(self, member: Client, error: RuleError) -> None:
        super().__init__(
            _l("%(name)s: %(problem)s", name=member.full_name, problem=error.message),
            field=f"client-{member.id}",
        )


def default_marks(
    session: GroupSession, members: list[Client], existing: dict[int, str]
) -> dict[int, str]:
    """The marks the form starts with: the saved ones, or, before any are saved, everyone
    present who had entered the project by the session's day."""
    if existing:
        return existing
    return {
        m.id: AttendanceStatus.PRESENT
        for m in members
        if m.entry_date <= session.on and date_rules.minimum_age_date(m.birth_year) <= session.on
    }


def save_attendance(
    group: Group,
    session: GroupSession,
    members: list[Client],
    marks: dict[int, str],
    actor: User,
    today: date | None = None,
) -> int:
    """Record the marks given; members left unmarked keep what they had (a partial save).

    Refused as a whole for a session still in the future, or when a mark is refused.
    Returns how many marks were saved.
    """
    date_rules.session_has_happened(session.on, today or clock.today())
    given = {m.id: marks[m.id] for m in members if marks.get(m.id)}
    if not given:
        raise RuleError(_l("Mark the attendance of at least one member."))
    allowed = {s.value for s in AttendanceStatus}
    for member in members:
        if member.id not in given:
            continue
        if given[member.id] not in allowed:
            raise AttendanceRefused(member, RuleError(_l("choose present, excused or absent.")))
        try:
            date_rules.not_before_client(member, session.on, f"client-{member.id}")
        except RuleError as error:
            raise AttendanceRefused(member, error) from error
    existing = {
        a.client_id: a
        for a in db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    }
    for client_id, status in given.items():
        row = existing.get(client_id) or Attendance(session_id=session.id, client_id=client_id)
        row.status = status
        db.session.add(row)
    flag_modified(session, "title")  # a new version: a concurrent save of the marks is refused
    audit.record("group.attendance", actor=actor, object_type="group", object_id=group.id)
    db.session.commit()
    return len(given)
