""" "Came back": of the enrolments that ended in a period, the share whose young person enrolled
again in any project of the same organisation within 6 and within 12 months of leaving
(ADR 0030, ``docs/adr/0030-came-back-definition.md``).

An enrolment has *ended* when it has an outcome whose date is sensible: not before the entry,
and not after today (the ESF+ report's rule for "left"). Its leaving date is the outcome's date.
It *came back* within N months when another enrolment of the same person, in a project of the
same organisation, has an entry date from the leaving date up to N calendar months after it.
A leaver counts in the N-month window's denominator only when N months have passed since the
leaving date; until then nobody can say whether they come back.

One statement counts, per project, outcome kind and month of leaving, the leavers and the
returns of both windows; the counts then go through the reports' disclosure rules
(``portal.reports.suppression``): the month series against every other whole-month period, and
each table's "came back" and "did not" cells protected together.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, exists, func, literal, select
from sqlalchemy.orm import aliased

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Outcome, Project
from portal.reports.figures import members, table
from portal.reports.periods import Filters, Months, month_of
from portal.reports.suppression import Shown, protect_grid, rate

WINDOWS = (6, 12)
EARLIEST = date(2000, 1, 1)

ByMonth = dict[int, int]


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, monthrange(year, month + 1)[1]))


def plus_months(column, months: int, dialect: str):
    """SQL: a date column ``months`` calendar months later, on SQLite and PostgreSQL alike."""
    if dialect == "sqlite":
        return func.date(column, f"+{months} months")
    return column + literal(f"{months} months").cast(db.Interval)


def ended():
    """The enrolment has ended: an outcome dated from its entry up to today."""
    return and_(
        Outcome.on >= Client.entry_date,
        Outcome.on >= EARLIEST,
        Outcome.on <= clock.today(),
    )


def _came_back(months: int):
    """SQL: another enrolment of the same person in the same organisation began within
    ``months`` months of this one's leaving date."""
    return _came_back_in(db.engine.dialect.name, months)


@cache
def _came_back_in(dialect: str, months: int):
    """:func:`_came_back` for a database ``dialect``, built once: the clause holds no value
    of a request, and aliasing a model anew costs more than the rest of the statement."""
    later = aliased(Client)
    later_project = aliased(Project)
    return exists(
        select(later.id)
        .join(later_project, later_project.id == later.project_id)
        .where(
            later.person_id == Client.person_id,
            later.id != Client.id,
            later_project.organisation_id == Project.organisation_id,
            later.entry_date >= Outcome.on,
            later.entry_date <= plus_months(Outcome.on, months, dialect),
        )
    )


@dataclass
class Cell:
    """One window of one row: leavers whose window has passed, how many came back, the share."""

    leavers: Shown = 0
    came_back: Shown = 0
    rate: float | None = None


@dataclass
class Row:
    key: Any
    windows: dict[int, Cell] = field(default_factory=dict)


@dataclass
class CameBack:
    by_project: list[Row] = field(default_factory=list)
    by_outcome: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row(None))


def counts(scope: Select, filters: Filters) -> list[tuple[int, str, int, list[int]]]:
    """(project id, outcome kind, month of leaving, [leavers 6, back 6, leavers 12, back 12])
    for the enrolments in ``scope`` (of the group, when the filters name one) that ended in
    the period: one statement."""
    today = clock.today()
    columns = []
    for months in WINDOWS:
        passed = Outcome.on <= months_before(today, months)
        columns += [
            func.count(Client.id).filter(passed),
            func.count(Client.id).filter(passed, _came_back(months)),
        ]
    rows = db.session.execute(
        select(Client.project_id, Outcome.kind, month_of(Outcome.on).label("m"), *columns)
        .select_from(Client)
        .join(Outcome, Outcome.client_id == Client.id)
        .join(Project, Project.id == Client.project_id)
        .where(
            Client.id.in_(members(scope, filters)),
            ended(),
            Outcome.on.between(filters.start, filters.end),
        )
        .group_by(Client.project_id, Outcome.kind, "m")
    ).all()
    return [(p, k, int(m), [int(v or 0) for v in values]) for p, k, m, *values in rows]


def _series(rows, key_of) -> dict[Any, list[ByMonth]]:
    out: dict[Any, list[ByMonth]] = defaultdict(lambda: [defaultdict(int) for _ in range(4)])
    for project_id, kind, month, values in rows:
        for i, value in enumerate(values):
            out[key_of(project_id, kind)][i][month] += value
    return out


def _table(months: Months, series: dict[Any, list[ByMonth]]) -> list[Row]:
    """Rows with both windows. Per window, the "came back" and "did not" cells of every row
    are protected together, and so is the leavers column (it adds up to the total), so that
    no hidden count can be worked out by subtraction."""
    keys = list(series)
    rows = [Row(k) for k in keys]
    for w, window in enumerate(WINDOWS):
        leavers = [series[k][2 * w] for k in keys]
        back = [series[k][2 * w + 1] for k in keys]
        stayed = [
            {m: n - b.get(m, 0) for m, n in left.items()}
            for left, b in zip(leavers, back, strict=True)
        ]
        cells = [[months.count(b), months.count(s)] for b, s in zip(back, stayed, strict=True)]
        grid = protect_grid(
            [[total for total, _ in row] for row in cells],
            [[shown for _, shown in row] for row in cells],
        )
        wholes = table(months, dict(enumerate(leavers))).values()
        for row, whole, (came, _stayed) in zip(rows, wholes, grid, strict=True):
            row.windows[window] = Cell(leavers=whole, came_back=came, rate=rate(came, whole))
    return rows


def compute(scope: Select, filters: Filters) -> CameBack:
    """The came-back table of the enrolments in ``scope`` that ended in the period."""
    filters = filters.whole_months()
    rows = counts(scope, filters)
    months = Months(filters, {month for _p, _k, month, _v in rows})
    result = CameBack()
    result.by_project = _table(months, _series(rows, lambda p, _k: p))
    result.by_outcome = _table(months, _series(rows, lambda _p, k: k))
    result.total = _table(months, {None: _series(rows, lambda _p, _k: None)[None]})[0]
    return result
