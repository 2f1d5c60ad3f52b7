"""Writing groups: their dates and coaches, members, Attitude Training sessions and attendance.

The 8-15 members and 1-2 weeks rules are checked by the forms (a confirmed reason lets an
unusual group through); what is left here is who may be added and what an attendance needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from portal.access import audit
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Attendance, AttendanceStatus, Client, Group, GroupSession, User
from portal.models.base import utcnow


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
    group.name = details.name
    group.start_date = details.start_date
    group.end_date = details.end_date
    group.exception_reason = details.exception_reason
    group.coaches = list(db.session.scalars(select(User).where(User.id.in_(details.coach_ids))))


def create_group(details: GroupDetails, actor: User) -> Group:
    group = Group()
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
    another coach's clients stay as they are.
    """
    allowed = {c.id: c for c in visible}
    hidden = [m for m in group.members if m.id not in allowed]
    group.members = hidden + [allowed[i] for i in chosen if i in allowed]
    group.updated_at = utcnow()  # membership is part of the group's version
    if exception_reason:
        group.exception_reason = exception_reason
    audit.record("group.members", actor=actor, object_type="group", object_id=group.id)


def add_session(group: Group, details: SessionDetails, actor: User) -> GroupSession:
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


class AttendanceIncomplete(RuleError):
    """Some members have no valid mark (present, excused or absent); nothing was saved."""

    def __init__(self, members: list[Client]) -> None:
        super().__init__(_l("Mark the attendance of %(name)s.", name=members[0].full_name))
        self.members = members


def unmarked(members: list[Client], marks: dict[int, str]) -> list[Client]:
    """The members without a valid mark (present, excused or absent)."""
    allowed = {s.value for s in AttendanceStatus}
    return [m for m in members if marks.get(m.id, "") not in allowed]


def save_attendance(
    group: Group,
    session: GroupSession,
    members: list[Client],
    marks: dict[int, str],
    actor: User,
) -> None:
    """Record every member's mark for the session: all of them, or none."""
    missing = unmarked(members, marks)
    if missing:
        raise AttendanceIncomplete(missing)
    existing = {
        a.client_id: a
        for a in db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    }
    for member in members:
        row = existing.get(member.id) or Attendance(session_id=session.id, client_id=member.id)
        row.status = marks[member.id]
        db.session.add(row)
    flag_modified(session, "title")  # a new version: a concurrent save of the marks is refused
    audit.record("group.attendance", actor=actor, object_type="group", object_id=group.id)
    db.session.commit()
