"""The data-quality check: per participant, what is missing, contradictory or overdue.

Every check is a column of one SQL statement over the participants in the viewer's scope, so the
page, the CLI and the reminders run a fixed number of statements whatever the number of
participants: the counts per coach, each check's among them, which add up to the totals (one
statement), and a page of participants with problems, keyed by coach and participant (one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Select, and_, case, cast, exists, func, literal, or_, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from portal.app.choices import ShortList, load
from portal.app.extensions import db
from portal.models import Client, ClientSensitive, FollowUp, Outcome, PathwayState, User
from portal.models.esf import SENSITIVE_ANSWERS, Fact
from portal.pathway.date_rules import EARLIEST_DATE, FOLLOW_UP_WINDOW_DAYS, MINIMUM_AGE
from portal.reports.figures import EMPLOYED

#: Participants whose age at entry is above this are taken for a mistyped birth year.
MAXIMUM_AGE = 65
LEFT = (PathwayState.FOLLOW_UP, PathwayState.CLOSED)


class Category(StrEnum):
    MISSING = "missing"
    CONTRADICTORY = "contradictory"
    OVERDUE = "overdue"


CATEGORY_LABELS = {
    Category.MISSING: _l("Missing"),
    Category.CONTRADICTORY: _l("Contradictory"),
    Category.OVERDUE: _l("Overdue"),
}


@dataclass(frozen=True)
class Check:
    """One problem a participant's data can have, and the page where it is fixed."""

    key: str
    category: Category
    label: Any
    endpoint: str
    #: The column (besides the client) the fix link needs, e.g. the follow-up's id.
    link_arg: str | None = None
    #: Where the admin goes instead, when the fix is a coach's form (the ESF+ questions).
    admin_endpoint: str | None = None


def _flag(condition: ColumnElement) -> ColumnElement:
    return case((condition, 1), else_=0)


def _day(value: ColumnElement) -> ColumnElement:
    """The calendar day of a stored time, on SQLite and PostgreSQL alike."""
    if db.engine.dialect.name == "sqlite":
        return func.date(value)
    return cast(value, Date)


def _year(value: ColumnElement) -> ColumnElement:
    return func.extract("year", value)


def _outcome(*conditions: ColumnElement) -> ColumnElement:
    return exists().where(Outcome.client_id == Client.id, *conditions)


def _follow_up_id(*conditions: ColumnElement) -> ColumnElement:
    """The first follow-up of the participant that meets the conditions (its id), or NULL."""
    return (
        select(func.min(FollowUp.id))
        .where(FollowUp.client_id == Client.id, *conditions)
        .scalar_subquery()
    )


def _columns(today: date) -> dict[str, ColumnElement]:
    """Each check as a column: 1 (or an id to link to) when the participant has the problem."""
    has_outcome = _outcome()
    window_opens = FollowUp.due_date - timedelta(days=FOLLOW_UP_WINDOW_DAYS)
    if db.engine.dialect.name == "sqlite":
        window_opens = func.date(FollowUp.due_date, f"-{FOLLOW_UP_WINDOW_DAYS} days")
    age = _year(Client.entry_date) - Client.birth_year
    asked = Client.esf_asked_at.is_not(None)
    sensitive_not_asked = or_(
        ClientSensitive.client_id.is_(None),
        *(getattr(ClientSensitive, name) == "" for name in SENSITIVE_ANSWERS),
    )
    return {
        "esf_not_asked": _flag(~asked),
        "status_not_asked": _flag(and_(asked, Client.employment_status.in_(["unknown", ""]))),
        "gender_not_asked": _flag(and_(asked, Client.gender == "")),
        "education_not_asked": _flag(and_(asked, Client.isced_level == "")),
        "sensitive_not_asked": _flag(and_(asked, sensitive_not_asked)),
        "outcome_missing": _flag(and_(Client.state.in_(LEFT), ~has_outcome)),
        "exit_before_entry": _flag(_outcome(Outcome.on < Client.entry_date)),
        "outcome_not_left": _flag(
            and_(has_outcome, Client.state.not_in([*LEFT, PathwayState.PATHWAY]))
        ),
        "early_follow_up": _follow_up_id(
            FollowUp.result != "",
            FollowUp.recorded_at.is_not(None),
            _day(FollowUp.recorded_at) < window_opens,
        ),
        "entry_date_bad": _flag(or_(Client.entry_date < EARLIEST_DATE, Client.entry_date > today)),
        "exit_date_bad": _flag(_outcome(or_(Outcome.on < EARLIEST_DATE, Outcome.on > today))),
        "birth_year_bad": _flag(or_(age < MINIMUM_AGE, age > MAXIMUM_AGE)),
        "employed_and_job_searching": _flag(
            _outcome(Outcome.kind.in_(EMPLOYED), Outcome.job_searching == Fact.YES)
        ),
        "improved_not_employed": _follow_up_id(
            FollowUp.improved_situation != "", Client.employment_status != "employed"
        ),
        "follow_up_overdue": _follow_up_id(FollowUp.result == "", FollowUp.due_date < today),
    }


CHECKS: tuple[Check, ...] = (
    Check(
        "esf_not_asked",
        Category.MISSING,
        _l("The ESF+ questions at entry have not been asked"),
        "esf.entry",
        admin_endpoint="clients.detail",
    ),
    Check(
        "status_not_asked",
        Category.MISSING,
        _l("Labour-market status at entry not asked"),
        "esf.entry",
        admin_endpoint="clients.edit",
    ),
    Check(
        "gender_not_asked",
        Category.MISSING,
        _l("Gender not asked"),
        "esf.entry",
        admin_endpoint="clients.detail",
    ),
    Check(
        "education_not_asked",
        Category.MISSING,
        _l("Education level not asked"),
        "esf.entry",
        admin_endpoint="clients.detail",
    ),
    Check(
        "sensitive_not_asked",
        Category.MISSING,
        _l("Some of the sensitive ESF+ questions not asked (declining to answer is an answer)"),
        "esf.entry",
        admin_endpoint="clients.detail",
    ),
    Check(
        "outcome_missing",
        Category.MISSING,
        _l("Has left but no outcome is recorded"),
        "clients.detail",
    ),
    Check(
        "exit_before_entry",
        Category.CONTRADICTORY,
        _l("The exit is dated before the entry"),
        "clients.edit",
    ),
    Check(
        "outcome_not_left",
        Category.CONTRADICTORY,
        _l("An outcome is recorded but the participant has not left"),
        "clients.detail",
    ),
    Check(
        "early_follow_up",
        Category.CONTRADICTORY,
        _l("A follow-up result was recorded before its window opened"),
        "pathway.timeline",
    ),
    Check(
        "entry_date_bad",
        Category.CONTRADICTORY,
        _l("The entry date is before 2000 or in the future"),
        "clients.edit",
    ),
    Check(
        "exit_date_bad",
        Category.CONTRADICTORY,
        _l("The exit date is before 2000 or in the future"),
        "pathway.timeline",
    ),
    Check(
        "birth_year_bad",
        Category.CONTRADICTORY,
        _l("The birth year does not fit the entry date"),
        "clients.edit",
    ),
    Check(
        "employed_and_job_searching",
        Category.CONTRADICTORY,
        _l("Counted both as in employment and as job searching upon leaving"),
        "pathway.timeline",
    ),
    Check(
        "improved_not_employed",
        Category.CONTRADICTORY,
        _l("An improved labour-market situation is recorded for someone not employed at entry"),
        "pathway.timeline",
    ),
    Check(
        "follow_up_overdue",
        Category.OVERDUE,
        _l("A follow-up is past its due date"),
        "pathway.record_follow_up",
        link_arg="follow_up_id",
    ),
)
CHECK_KEYS = tuple(c.key for c in CHECKS)


def _per_client(scope: Select, today: date, coach_id: int | None):
    """A subquery: one row per participant in scope, a column per check and ``problems``."""
    columns = _columns(today)
    query = select(
        Client.id.label("client_id"),
        Client.first_name,
        Client.last_name,
        func.coalesce(Client.coach_id, 0).label("coach_key"),
        *(columns[k].label(k) for k in CHECK_KEYS),
    ).outerjoin(ClientSensitive, ClientSensitive.client_id == Client.id)
    query = query.where(Client.id.in_(scope), Client.anonymised_at.is_(None))
    if coach_id is not None:
        query = query.where(Client.coach_id == coach_id)
    inner = query.subquery("checks")
    problems = sum((_flag(inner.c[k] != 0) for k in CHECK_KEYS), literal(0))
    return select(inner, problems.label("problems")).subquery("quality")


@dataclass
class Summary:
    """How many participants the check rests on, how many have problems, and of which kind."""

    participants: int
    with_problems: int
    by_check: dict[str, int]


@dataclass
class CoachCount:
    coach_id: int
    name: str
    participants: int
    with_problems: int
    by_check: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    """A participant with at least one problem; ``found`` maps a check to its link arguments."""

    client_id: int
    name: str
    coach_id: int
    found: dict[str, dict[str, int]]


def _coach_list(q) -> ShortList:
    """Per coach (0: no coach): participants, those with problems, and each check's count."""
    return ShortList(
        select(
            q.c.coach_key,
            func.coalesce(User.name, "").label("name"),
            func.count().label("participants"),
            func.sum(_flag(q.c.problems > 0)).label("with_problems"),
            *(func.sum(_flag(q.c[k] != 0)).label(k) for k in CHECK_KEYS),
        )
        .select_from(q)
        .outerjoin(User, User.id == q.c.coach_key)
        .group_by(q.c.coach_key, User.name),
        (q.c.coach_key,),
    )


def _coach_counts(rows) -> list[CoachCount]:
    return [
        CoachCount(
            int(key),
            name,
            int(n),
            int(problems or 0),
            {k: int(c or 0) for k, c in zip(CHECK_KEYS, counts, strict=True)},
        )
        for key, name, n, problems, *counts in rows
    ]


def by_coach(scope: Select, today: date, coach_id: int | None = None) -> list[CoachCount]:
    return _coach_counts(load(_coach_list(_per_client(scope, today, coach_id)))[0])


def summary_of(coaches: list[CoachCount]) -> Summary:
    """The totals of :func:`by_coach`'s rows (each participant has one responsible coach)."""
    return Summary(
        sum(c.participants for c in coaches),
        sum(c.with_problems for c in coaches),
        {k: sum(c.by_check[k] for c in coaches) for k in CHECK_KEYS},
    )


def summary(scope: Select, today: date, coach_id: int | None = None) -> Summary:
    return summary_of(by_coach(scope, today, coach_id))


def _problem_list(q, after: tuple[int, int] | None, limit: int | None) -> ShortList:
    """Participants with problems, by coach then participant, from after (coach, client)."""
    query = select(q).where(q.c.problems > 0)
    if after is not None:
        query = query.where(tuple_(q.c.coach_key, q.c.client_id) > tuple_(*after))
    return ShortList(query, (q.c.coach_key, q.c.client_id), limit)


def problem_rows(
    scope: Select,
    today: date,
    *,
    coach_id: int | None = None,
    after: tuple[int, int] | None = None,
    limit: int | None = None,
) -> list[Row]:
    q = _per_client(scope, today, coach_id)
    return [_row(r._asdict()) for r in load(_problem_list(q, after, limit))[0]]


def page(
    scope: Select,
    today: date,
    *,
    coach_id: int | None = None,
    after: tuple[int, int] | None = None,
    limit: int | None = None,
) -> tuple[list[Row], list[CoachCount]]:
    """A page of :func:`problem_rows` and the :func:`by_coach` counts, in one statement."""
    q = _per_client(scope, today, coach_id)
    rows, coaches = load(_problem_list(q, after, limit), _coach_list(q))
    return [_row(r._asdict()) for r in rows], _coach_counts(coaches)


def _row(r: Any) -> Row:
    found: dict[str, dict[str, int]] = {}
    for check in CHECKS:
        value = r[check.key]
        if value:
            found[check.key] = {check.link_arg: int(value)} if check.link_arg else {}
    return Row(r["client_id"], f"{r['first_name']} {r['last_name']}", r["coach_key"], found)


def link(check: Check, row: Row, url_for: Callable[..., str], *, admin: bool = False) -> str:
    """Where the problem is fixed: the form or page, for this participant."""
    endpoint = (admin and check.admin_endpoint) or check.endpoint
    return url_for(endpoint, client_id=row.client_id, **row.found[check.key])
