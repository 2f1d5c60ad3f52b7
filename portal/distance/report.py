"""The change in the self-assessment: per area, from each young person's first completed round
to their latest, averaged in SQL over those with two or more; groups of fewer than five are
not shown (``portal.reports.suppression``). Two statements, whatever the number of people."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from portal.app.extensions import db
from portal.models import DistanceRound, Group, group_members
from portal.models.distance import AREAS
from portal.reports.suppression import MIN_CELL, SUPPRESSED, Shown

#: Groups shown, newest first.
GROUP_ROWS = 30


@dataclass
class Change:
    """People behind the figures and, per area, the average first and latest rating."""

    name: str
    people: Shown
    first: dict[str, float | None] = field(default_factory=dict)
    latest: dict[str, float | None] = field(default_factory=dict)

    def change(self, area: str) -> float | None:
        if self.first.get(area) is None or self.latest.get(area) is None:
            return None
        return round(self.latest[area] - self.first[area], 1)


def _pairs(scope: Select):
    """Each young person in scope with two completed rounds or more: the first and the latest."""
    done = DistanceRound.completed_at.is_not(None)
    return (
        select(
            DistanceRound.client_id.label("client_id"),
            func.min(DistanceRound.id).label("first_id"),
            func.max(DistanceRound.id).label("last_id"),
        )
        .where(done, DistanceRound.client_id.in_(scope))
        .group_by(DistanceRound.client_id)
        .having(func.count() > 1)
        .subquery("pairs")
    )


def _averages(scope: Select):
    pairs = _pairs(scope)
    first, last = aliased(DistanceRound), aliased(DistanceRound)
    columns = [
        *(func.avg(getattr(first, a)) for a in AREAS),
        *(func.avg(getattr(last, a)) for a in AREAS),
    ]
    query = (
        select(func.count(), *columns)
        .select_from(pairs)
        .join(first, first.id == pairs.c.first_id)
        .join(last, last.id == pairs.c.last_id)
    )
    return query, pairs


def _change(name: str, people: int, values) -> Change:
    if people < MIN_CELL:
        return Change(name, SUPPRESSED if people else 0)
    n = len(AREAS)
    return Change(
        name,
        people,
        {a: round(float(v), 1) for a, v in zip(AREAS, values[:n], strict=True)},
        {a: round(float(v), 1) for a, v in zip(AREAS, values[n:], strict=True)},
    )


def overall(scope: Select) -> Change:
    query = _averages(scope)[0]
    people, *values = db.session.execute(query).one()
    return _change("", int(people), values)


def by_group(scope: Select) -> list[Change]:
    query, pairs = _averages(scope)
    rows = db.session.execute(
        query.add_columns(Group.name, Group.start_date)
        .join(group_members, group_members.c.client_id == pairs.c.client_id)
        .join(Group, Group.id == group_members.c.group_id)
        .group_by(Group.id, Group.name, Group.start_date)
        .order_by(Group.start_date.desc(), Group.id.desc())
        .limit(GROUP_ROWS)
    ).all()
    out = []
    for row in rows:
        people, *values = row[: 1 + 2 * len(AREAS)]
        out.append(_change(row[-2], int(people), values))
    return out
