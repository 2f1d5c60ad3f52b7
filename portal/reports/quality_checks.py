"""The data-quality checks as SQL: per participant, a column per check.

``portal.reports.quality_kept`` keeps the columns' values per participant; this module is what
they mean. ``portal.reports.quality`` names each check for the page.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, and_, case, cast, exists, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from portal.app.extensions import db
from portal.models import Client, ClientSensitive, FollowUp, Outcome, PathwayState
from portal.models.esf import SENSITIVE_ANSWERS, Fact
from portal.pathway.date_rules import EARLIEST_DATE, FOLLOW_UP_WINDOW_DAYS, MINIMUM_AGE
from portal.reports.categories import EMPLOYED

#: Participants whose age at entry is above this are taken for a mistyped birth year.
MAXIMUM_AGE = 65
LEFT = (PathwayState.FOLLOW_UP, PathwayState.CLOSED)


def flag(condition: ColumnElement) -> ColumnElement:
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


def check_columns(today: date) -> dict[str, ColumnElement]:
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
        "esf_not_asked": flag(~asked),
        "status_not_asked": flag(and_(asked, Client.employment_status.in_(["unknown", ""]))),
        "gender_not_asked": flag(and_(asked, Client.gender == "")),
        "education_not_asked": flag(and_(asked, Client.isced_level == "")),
        "sensitive_not_asked": flag(and_(asked, sensitive_not_asked)),
        "outcome_missing": flag(and_(Client.state.in_(LEFT), ~has_outcome)),
        "exit_before_entry": flag(_outcome(Outcome.on < Client.entry_date)),
        "outcome_not_left": flag(
            and_(has_outcome, Client.state.not_in([*LEFT, PathwayState.PATHWAY]))
        ),
        "early_follow_up": _follow_up_id(
            FollowUp.result != "",
            FollowUp.recorded_at.is_not(None),
            _day(FollowUp.recorded_at) < window_opens,
        ),
        "entry_date_bad": flag(or_(Client.entry_date < EARLIEST_DATE, Client.entry_date > today)),
        "exit_date_bad": flag(_outcome(or_(Outcome.on < EARLIEST_DATE, Outcome.on > today))),
        "birth_year_bad": flag(or_(age < MINIMUM_AGE, age > MAXIMUM_AGE)),
        "employed_and_job_searching": flag(
            _outcome(Outcome.kind.in_(EMPLOYED), Outcome.job_searching == Fact.YES)
        ),
        "improved_not_employed": _follow_up_id(
            FollowUp.improved_situation != "", Client.employment_status != "employed"
        ),
        "follow_up_overdue": _follow_up_id(FollowUp.result == "", FollowUp.due_date < today),
    }
