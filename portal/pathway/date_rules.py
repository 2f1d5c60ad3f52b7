"""The domain's date rules, one function each, shared by every service that stores a date.

Each rule raises :class:`RuleError` naming the form field, with a message that says what is
wrong and what to do. The composite checks at the end (:func:`happened`, :func:`planned`,
:func:`period`) are what the services call; ``flask check-dates`` applies the same rules to
rows already stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from portal.app.rules import RuleError
from portal.pathway.dates import add_months

#: Nothing in the project happened before this day: earlier dates are typing mistakes.
EARLIEST_DATE = date(2000, 1, 1)
#: How far ahead anything can be planned.
PLANNING_HORIZON_MONTHS = 24
#: Nothing is recorded about a client before the year they turn this old.
MINIMUM_AGE = 15
#: Hard upper bounds that no confirmed reason overrides.
MAX_PLACEMENT_MONTHS = 12
MAX_GROUP_DAYS = 8 * 7
#: A follow-up can be recorded at most this many days before it is due.
FOLLOW_UP_WINDOW_DAYS = 14


class ClientDates(Protocol):
    """What the rules need of a client: when they entered and when they were born."""

    entry_date: date
    birth_year: int


def latest_planned(today: date) -> date:
    return add_months(today, PLANNING_HORIZON_MONTHS)


def minimum_age_date(birth_year: int) -> date:
    return date(birth_year + MINIMUM_AGE, 1, 1)


def sensible(day: date, field: str, today: date) -> None:
    """Not before 2000 and at most two years ahead: anything else is a mistyped year."""
    if day < EARLIEST_DATE:
        raise RuleError(
            _l("The date %(date)s is before the year 2000. Check the year.", date=_fmt(day)),
            field=field,
        )
    if day > latest_planned(today):
        raise RuleError(
            _l(
                "The date %(date)s is more than two years ahead. Check the year.",
                date=_fmt(day),
            ),
            field=field,
        )


def not_in_future(day: date, field: str, today: date) -> None:
    """What is recorded as having happened cannot be in the future."""
    if day > today:
        raise RuleError(
            _l(
                "The date %(date)s is in the future. Record this once it has happened.",
                date=_fmt(day),
            ),
            field=field,
        )


def not_before_client(client: ClientDates, day: date, field: str) -> None:
    """Nothing about a client before their entry to the project, nor before they turn 15."""
    if day < client.entry_date:
        raise RuleError(
            _l(
                "The date %(date)s is before the client entered the project (%(entry)s). "
                "Check the date, or correct the entry date first.",
                date=_fmt(day),
                entry=_fmt(client.entry_date),
            ),
            field=field,
        )
    if day < minimum_age_date(client.birth_year):
        raise RuleError(
            _l(
                "The date %(date)s is before the client turned %(age)d. Check the year.",
                date=_fmt(day),
                age=MINIMUM_AGE,
            ),
            field=field,
        )


def end_not_before_start(start: date, end: date, field: str = "end_date") -> None:
    if end < start:
        raise RuleError(_l("The end date cannot be before the start date."), field=field)


def placement_within_limit(start: date, end: date, field: str = "end_date") -> None:
    """At most 12 months, whatever the reason: a longer one is split or shortened."""
    if end >= add_months(start, MAX_PLACEMENT_MONTHS):
        raise RuleError(
            _l(
                "A placement can last at most %(months)d months, whatever the reason. "
                "Shorten it, or plan a new placement after it.",
                months=MAX_PLACEMENT_MONTHS,
            ),
            field=field,
        )


def group_within_limit(start: date, end: date, field: str = "end_date") -> None:
    """Attitude Training lasts at most 8 weeks, whatever the reason."""
    if (end - start).days + 1 > MAX_GROUP_DAYS:
        raise RuleError(
            _l(
                "Attitude Training can last at most %(weeks)d weeks, whatever the reason. "
                "Shorten the group's dates.",
                weeks=MAX_GROUP_DAYS // 7,
            ),
            field=field,
        )


def follow_up_open(due: date, today: date, field: str = "result") -> None:
    """A follow-up is recorded at the earliest two weeks before it is due."""
    opens = due - timedelta(days=FOLLOW_UP_WINDOW_DAYS)
    if today < opens:
        raise RuleError(
            _l(
                "This follow-up is due on %(due)s. It can be recorded from %(opens)s on.",
                due=_fmt(due),
                opens=_fmt(opens),
            ),
            field=field,
        )


def follow_up_in_order(earlier_pending_months: int | None, field: str = "result") -> None:
    """The 6-month result comes after the 3-month one."""
    if earlier_pending_months is not None:
        raise RuleError(
            _l(
                "Record the %(months)d-month follow-up first.",
                months=earlier_pending_months,
            ),
            field=field,
        )


def session_has_happened(day: date, today: date) -> None:
    """Attendance is marked on the session's day or after it."""
    if day > today:
        raise RuleError(
            _l(
                "This session is on %(date)s. Mark the attendance on that day or after it.",
                date=_fmt(day),
            )
        )


def group_has_members(count: int, field: str = "client_ids") -> None:
    if count < 1:
        raise RuleError(
            _l("A group needs at least one member. Choose the members of the group."),
            field=field,
        )


def entry_date(birth_year: int, day: date, today: date, field: str = "entry_date") -> None:
    """The client's entry: a real date, already passed, when they were at least 15."""
    sensible(day, field, today)
    not_in_future(day, field, today)
    if day < minimum_age_date(birth_year):
        raise RuleError(
            _l(
                "The date %(date)s is before the client turned %(age)d. Check the year.",
                date=_fmt(day),
                age=MINIMUM_AGE,
            ),
            field=field,
        )


def happened(client: ClientDates, day: date, field: str, today: date) -> None:
    """A date of something about the client that has already happened."""
    sensible(day, field, today)
    not_in_future(day, field, today)
    not_before_client(client, day, field)


def planned(client: ClientDates | None, day: date, field: str, today: date) -> None:
    """A date in the client's plan: sensible and, with a client, not before them."""
    sensible(day, field, today)
    if client is not None:
        not_before_client(client, day, field)


def period(
    start: date,
    end: date,
    today: date,
    *,
    client: ClientDates | None = None,
    fields: tuple[str, str] = ("start_date", "end_date"),
) -> None:
    """A start and an end: both sensible, in order, the start not before the client."""
    start_field, end_field = fields
    planned(client, start, start_field, today)
    sensible(end, end_field, today)
    end_not_before_start(start, end, end_field)


def _fmt(day: date) -> str:
    return format_date(day)
