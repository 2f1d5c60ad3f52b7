"""The kept figures that change with the date alone (docs/adr/0051): the projects side by side
and "came back" (ADR 0030).

An enrolment has *ended* when it has an outcome dated from its entry up to today; it *came back*
within N months when another enrolment of the same person, in a project of the same
organisation, began from the leaving date up to N calendar months after it, and it counts in
the N-month window only once N months have passed. Each young person's share of these is
counted as of the day it is written, with the first later day on which it may count
differently (a future leaving date arrives, a window passes): ``valid_until`` on the young
person's ``org`` row. Before these parts are read, the rows whose day has come, or that were
counted on a later day than today (the clock set back), are rewritten (:func:`catch_up`).

A later enrolment of the same person changes an earlier one's "came back": the keeper notes
every enrolment of the persons whose enrolments are written (``portal.reports.kept``).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    select,
    union,
)
from sqlalchemy.orm import aliased

from portal.app.extensions import db
from portal.app.sql import date_plus, earliest_day, latest_day
from portal.models import Client, FigureRow, Outcome, PathwayState, Project
from portal.reports.categories import positive_outcome
from portal.reports.periods import month_of
from portal.reports.shares import share

WINDOWS = (6, 12)
EARLIEST = date(2000, 1, 1)
#: The fewest days N calendar months can span: a window has not passed before.
SHORTEST = {6: 181, 12: 365}
#: The part whose row says when the young person's dated shares change.
ORG = "org"
BACK = "back"
PARTS = (ORG, BACK)


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


#: The days the dated parts are counted as of, named: the statements are built once and run
#: with the day's values (:func:`day_values`).
TODAY = bindparam("dated_today", type_=Date)
TOMORROW = bindparam("dated_tomorrow", type_=Date)
PASSED = {months: bindparam(f"dated_passed_{months}", type_=Date) for months in WINDOWS}


def day_values(today: date) -> dict[str, date]:
    """The values of the named days, as of ``today``."""
    return {
        TODAY.key: today,
        TOMORROW.key: today + timedelta(days=1),
        **{PASSED[months].key: months_before(today, months) for months in WINDOWS},
    }


def ended():
    """The enrolment has ended: an outcome dated from its entry up to today."""
    return and_(Outcome.on >= Client.entry_date, Outcome.on >= EARLIEST, Outcome.on <= TODAY)


@cache
def _came_back_in(dialect: str, months: int):
    """SQL: another enrolment of the same person in the same organisation began within
    ``months`` months of this one's leaving date. Built once per database: the clause holds
    no value of a request, and aliasing a model anew costs more than the rest."""
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


def _passed(months: int):
    """N months have passed since the leaving date (by today's date)."""
    return Outcome.on <= PASSED[months]


def _next_day() -> Any:
    """SQL: the first day after today on which the young person's dated shares may change
    (NULL when none): a leaving date still to come, or a window still to pass (from the
    fewest days it can span, so never late; a day early costs a rewrite that changes
    nothing)."""
    candidates = [case((Outcome.on > TODAY, Outcome.on))]
    for months in WINDOWS:
        not_passed = and_(ended(), ~_passed(months))
        candidates.append(
            case((not_passed, latest_day(date_plus(Outcome.on, SHORTEST[months]), TOMORROW)))
        )
    return func.min(earliest_day(*candidates))


def _org() -> Select:
    """Per young person: enrolments (one per outcome row), in progress, ended, ended
    positively; and the day these may change."""
    left = ended()
    return (
        select(
            *share(
                ORG,
                literal(0),
                literal(""),
                func.count(Client.id),
                func.count(Client.id).filter(
                    Outcome.id.is_(None), Client.state != PathwayState.CLOSED
                ),
                func.count(Client.id).filter(left),
                func.count(Client.id).filter(left, positive_outcome()),
                days=(TODAY, _next_day()),
            )
        )
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .group_by(Client.id)
    )


def _back() -> Select:
    """Per enrolment that ended, by month of leaving (``k1``) and outcome (``k2``): the
    leavers, and per window those whose window has passed and those of them who came back."""
    dialect = db.engine.dialect.name
    values = [func.count()]
    for months in WINDOWS:
        passed = _passed(months)
        values += [
            func.count().filter(passed),
            func.count().filter(passed, _came_back_in(dialect, months)),
        ]
    left = cast(month_of(Outcome.on), Integer)
    return (
        select(*share(BACK, left, Outcome.kind, *values))
        .join(Outcome, Outcome.client_id == Client.id)
        .join(Project, Project.id == Client.project_id)
        .where(ended())
        .group_by(Client.id, left, Outcome.kind)
    )


def parts() -> list[Select]:
    """The dated parts of every young person's shares, to run with :func:`day_values`."""
    return [_org(), _back()]


def stale(today: date) -> Select:
    """The young people whose dated shares' day has come, or were counted on a later day
    (each one range of an index of the ``org`` rows, the only ones with days)."""
    rows = FigureRow.__table__
    due = select(rows.c.client_id).where(rows.c.valid_until <= today)
    ahead = select(rows.c.client_id).where(rows.c.checked_on > today)
    return union(due, ahead)
