"""The dashboard's figures, each a SQL aggregate over the clients in scope.

The population is the clients the viewer may see who entered the project in the period (and,
when chosen, belong to a group). A fixed number of statements runs whatever the number of
clients; results are cached until the data changes (``portal.reports.cache``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from portal.app.extensions import db
from portal.models import (
    Client,
    ClientSensitive,
    Company,
    FollowUp,
    Group,
    Outcome,
    OutcomeKind,
    Placement,
    StudyStatus,
    User,
    group_members,
)

#: Groups shown by name, newest first (a filter chooses any other group).
GROUP_ROWS = 30
EMPLOYED = (
    OutcomeKind.EMPLOYED_COACHING_COMPANY,
    OutcomeKind.EMPLOYED_SAME_FIELD,
    OutcomeKind.EMPLOYED_OTHER_FIELD,
)


def positive_outcome():
    """Employed, or a study place accepted or started: counts towards the 70 % target."""
    return or_(
        Outcome.kind.in_(EMPLOYED),
        and_(
            Outcome.kind == OutcomeKind.STUDY_PLACE,
            Outcome.study_status.in_([StudyStatus.ACCEPTED, StudyStatus.STARTED]),
        ),
    )


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    group_id: int | None = None

    def key(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}:{self.group_id or ''}"


def population(scope: Select, filters: Filters) -> Select:
    """SELECT of the ids of the clients counted."""
    query = select(Client.id).where(
        Client.id.in_(scope), Client.entry_date.between(filters.start, filters.end)
    )
    if filters.group_id:
        members = select(group_members.c.client_id).where(
            group_members.c.group_id == filters.group_id
        )
        query = query.where(Client.id.in_(members))
    return query


def _days(start, end):
    """Whole days from ``start`` to ``end`` (dates), on SQLite and PostgreSQL alike."""
    if db.engine.dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start


@dataclass
class Figures:
    clients: int = 0
    immigrants: int = 0
    exited: int = 0
    positive: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    entries_by_month: list[tuple[str, int]] = field(default_factory=list)
    exits_by_month: list[tuple[str, int, int]] = field(default_factory=list)
    by_group: list[dict[str, Any]] = field(default_factory=list)
    by_company: list[dict[str, Any]] = field(default_factory=list)
    by_coach: list[dict[str, Any]] = field(default_factory=list)
    days_to_outcome: float | None = None
    follow_ups: dict[int, dict[str, int]] = field(default_factory=dict)


def _month(column):
    return func.extract("year", column) * 100 + func.extract("month", column)


def _label(yyyymm) -> str:
    value = int(yyyymm)
    return f"{value // 100}-{value % 100:02d}"


def compute(scope: Select, filters: Filters) -> Figures:
    ids = population(scope, filters)
    f = Figures()
    positive = positive_outcome()
    counts = db.session.execute(
        select(
            func.count(Client.id),
            func.count(ClientSensitive.client_id).filter(
                ClientSensitive.immigrant_background.is_(True)
            ),
            func.count(Outcome.id),
            func.count(Outcome.id).filter(positive),
        )
        .outerjoin(ClientSensitive, ClientSensitive.client_id == Client.id)
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .where(Client.id.in_(ids))
    ).one()
    f.clients, f.immigrants, f.exited, f.positive = (int(v or 0) for v in counts)
    f.by_state = dict(
        db.session.execute(
            select(Client.state, func.count()).where(Client.id.in_(ids)).group_by(Client.state)
        ).all()
    )
    f.by_outcome = dict(
        db.session.execute(
            select(Outcome.kind, func.count())
            .where(Outcome.client_id.in_(ids))
            .group_by(Outcome.kind)
        ).all()
    )
    f.entries_by_month = [
        (_label(m), n)
        for m, n in db.session.execute(
            select(_month(Client.entry_date).label("m"), func.count())
            .where(Client.id.in_(ids))
            .group_by("m")
            .order_by("m")
        ).all()
    ]
    f.exits_by_month = [
        (_label(m), n, p)
        for m, n, p in db.session.execute(
            select(_month(Outcome.on).label("m"), func.count(), func.count().filter(positive))
            .where(Outcome.client_id.in_(ids))
            .group_by("m")
            .order_by("m")
        ).all()
    ]
    per_group = (
        select(
            group_members.c.group_id,
            func.count().label("clients"),
            func.count(Outcome.id).label("exited"),
            func.count(Outcome.id).filter(positive).label("positive"),
        )
        .select_from(group_members)
        .outerjoin(Outcome, Outcome.client_id == group_members.c.client_id)
        .where(group_members.c.client_id.in_(ids))
        .group_by(group_members.c.group_id)
        .subquery()
    )
    f.by_group = [
        dict(name=name, clients=n, exited=e, positive=p)
        for name, n, e, p in db.session.execute(
            select(Group.name, per_group.c.clients, per_group.c.exited, per_group.c.positive)
            .join(per_group, per_group.c.group_id == Group.id)
            .order_by(Group.start_date.desc(), Group.id.desc())
            .limit(GROUP_ROWS)
        ).all()
    ]
    trainees = (
        select(
            Placement.company_id, func.count(func.distinct(Placement.client_id)).label("trainees")
        )
        .where(Placement.client_id.in_(ids))
        .group_by(Placement.company_id)
        .subquery()
    )
    hires = (
        select(Outcome.company_id, func.count().label("hired"))
        .where(Outcome.client_id.in_(ids), Outcome.kind == OutcomeKind.EMPLOYED_COACHING_COMPANY)
        .group_by(Outcome.company_id)
        .subquery()
    )
    f.by_company = [
        dict(name=name, trainees=t or 0, hired=h or 0)
        for name, t, h in db.session.execute(
            select(Company.name, trainees.c.trainees, hires.c.hired)
            .outerjoin(trainees, trainees.c.company_id == Company.id)
            .outerjoin(hires, hires.c.company_id == Company.id)
            .where(or_(trainees.c.trainees.is_not(None), hires.c.hired.is_not(None)))
            .order_by(Company.name)
        ).all()
    ]
    f.by_coach = [
        dict(name=name or "", clients=n, exited=e, positive=p)
        for name, n, e, p in db.session.execute(
            select(
                User.name,
                func.count(Client.id),
                func.count(Outcome.id),
                func.count(Outcome.id).filter(positive),
            )
            .select_from(Client)
            .outerjoin(User, User.id == Client.coach_id)
            .outerjoin(Outcome, Outcome.client_id == Client.id)
            .where(Client.id.in_(ids))
            .group_by(User.id, User.name)
            .order_by(User.name)
        ).all()
    ]
    days = db.session.scalar(
        select(func.avg(_days(Client.entry_date, Outcome.on)))
        .select_from(Client)
        .join(Outcome, Outcome.client_id == Client.id)
        # An outcome dated before the entry is a stored mistake (``flask check-dates`` lists
        # it); counted, it would make the average negative.
        .where(Client.id.in_(ids), Outcome.on >= Client.entry_date)
    )
    f.days_to_outcome = round(float(days), 1) if days is not None else None
    for months, result, n in db.session.execute(
        select(FollowUp.months, FollowUp.result, func.count())
        .where(FollowUp.client_id.in_(ids), FollowUp.result != "")
        .group_by(FollowUp.months, FollowUp.result)
    ).all():
        f.follow_ups.setdefault(months, {})[result] = n
    return f


def employment_split(f: Figures) -> dict[str, int]:
    return {
        "coaching_company": f.by_outcome.get(OutcomeKind.EMPLOYED_COACHING_COMPANY, 0),
        "elsewhere": f.by_outcome.get(OutcomeKind.EMPLOYED_SAME_FIELD, 0)
        + f.by_outcome.get(OutcomeKind.EMPLOYED_OTHER_FIELD, 0),
    }
