"""The data-quality check: per participant, what is missing, contradictory or overdue.

Each check is a column of SQL (``portal.reports.quality_checks``) whose value is kept per
participant (``portal.reports.quality_kept``, docs/adr/0046). The page, the CLI and the
reminders read the kept rows of the participants in the viewer's scope, a fixed number of
statements whatever their number: the counts per coach, each check's among them, which add up
to the totals, and a page of participants with problems, keyed by coach and participant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.app.choices import ShortList, load
from portal.reports import quality_parts, scopes
from portal.reports.quality_kept import catch_up, stale_lists


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


Projects, Caseload, Scope = scopes.Projects, scopes.Caseload, scopes.Scope


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


def _coach_counts(rows) -> list[CoachCount]:
    """The rows of ``quality_parts.coach_list``, each check's count found by its name."""
    return [
        CoachCount(
            int(row.coach_key),
            row.name,
            int(row.participants),
            int(row.with_problems or 0),
            {k: int(getattr(row, k) or 0) for k in CHECK_KEYS},
        )
        for row in rows
    ]


def _current(today: date, *lists: ShortList) -> list[list[Any]]:
    """The lists read from the kept rows, in one statement with a look for a row whose day
    has come; when there is one (once a day), the rows are brought up to date and read again."""
    *found, due, back = load(*lists, *stale_lists(today))
    if due or back:
        catch_up(today)
        found = load(*lists)
    return found


def by_coach(scope: Scope, today: date, coach_id: int | None = None) -> list[CoachCount]:
    return _coach_counts(_current(today, quality_parts.coach_list(scope, coach_id))[0])


def summary_of(coaches: list[CoachCount]) -> Summary:
    """The totals of :func:`by_coach`'s rows (each participant has one responsible coach)."""
    return Summary(
        sum(c.participants for c in coaches),
        sum(c.with_problems for c in coaches),
        {k: sum(c.by_check[k] for c in coaches) for k in CHECK_KEYS},
    )


def summary(scope: Scope, today: date, coach_id: int | None = None) -> Summary:
    return summary_of(by_coach(scope, today, coach_id))


def problem_rows(
    scope: Scope,
    today: date,
    *,
    coach_id: int | None = None,
    after: tuple[int, int] | None = None,
    limit: int | None = None,
) -> list[Row]:
    found = _current(today, quality_parts.problem_list(scope, coach_id, after, limit))[0]
    return [_row(r._asdict()) for r in found]


def page(
    scope: Scope,
    today: date,
    *,
    coach_id: int | None = None,
    after: tuple[int, int] | None = None,
    limit: int | None = None,
) -> tuple[list[Row], list[CoachCount]]:
    """A page of :func:`problem_rows` and the :func:`by_coach` counts, in one statement."""
    rows, coaches = _current(
        today,
        quality_parts.problem_list(scope, coach_id, after, limit),
        quality_parts.coach_list(scope, coach_id),
    )
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
