"""The funder report in the shape of EU social-fund (ESF+) participant data.

Cohort: the participants who entered the project in the period. Entry profile (age band at
entry, education by ISCED level, labour-market status, migrant background), results upon
leaving (the exit outcome) and six months after (the 6-month follow-up). Every table is a sum
of the kept shares (``portal.reports.figures_kept``); every table is protected as
``portal.reports.suppression`` describes.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.models import (
    EmploymentStatus,
    FollowUpResult,
)
from portal.models.labels import ESF_LABELS
from portal.reports import figures_read
from portal.reports.figures import kept_scope
from portal.reports.figures import table as one_way
from portal.reports.periods import Filters, Months
from portal.reports.scopes import Scope

#: The kept parts of the tables: age, education, status, migrant background, exit, 6 months.
PARTS = ("f_age", "f_isced", "f_status", "f_migrant", "f_exit", "f_six")


@dataclass
class Table:
    key: str
    title: object
    rows: list[tuple[object, int | str]]


def _by_category(rows) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for k, m, n in rows:
        out.setdefault(k, {})[int(m)] = n
    return out


def tables(scope: Scope, filters: Filters) -> list[Table]:
    """Every table adds up to the participants, so each is protected as a one-way table. The
    tables' counts are read from the kept shares in one statement (docs/adr/0048)."""
    filters = filters.whole_months()
    rows = figures_read.read(kept_scope(scope, filters), PARTS)
    ages, education, status, migrant, exits, six = (_by_category(rows[part]) for part in PARTS)
    months = Months(filters, {m for by_month in ages.values() for m in by_month})
    total = {}
    for by_month in ages.values():
        for m, n in by_month.items():
            total[m] = total.get(m, 0) + n

    def table(key, title, counts, order):
        shown = one_way(months, {k: counts.get(k, {}) for k in order})
        return Table(key, title, [(ESF_LABELS.get(k, k), shown[k]) for k in order])

    return [
        Table("participants", _l("Participants"), [(_l("All participants"), months.shown(total))]),
        table("age", _l("Age at entry"), ages, ["under_18", "18_24", "25_29", "30_plus"]),
        table(
            "education",
            _l("Education (ISCED)"),
            education,
            ["isced_0_2", "isced_3_4", "isced_5_8", "unknown"],
        ),
        table(
            "status",
            _l("Labour-market status at entry"),
            status,
            [s.value for s in EmploymentStatus if s != EmploymentStatus.UNKNOWN] + ["unknown"],
        ),
        table("migrant", _l("Migrant or foreign background"), migrant, ["migrant", "not_migrant"]),
        table(
            "exit",
            _l("Result upon leaving"),
            exits,
            [
                "in_employment",
                "in_education_or_training",
                "job_searching",
                "referred_to_services",
                "not_left",
            ],
        ),
        table(
            "six_months",
            _l("Situation six months after leaving"),
            six,
            [r.value for r in FollowUpResult] + ["not_followed_up"],
        ),
    ]
