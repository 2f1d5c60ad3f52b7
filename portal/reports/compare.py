"""Cohort comparison: the same indicators for up to four periods, groups or partner companies,
side by side.

Each column is the dashboard's computation (``portal.reports.figures.compute``) over its own
population, so every count in it has already been through the small-cell and differencing
rules; a page runs the dashboard's fixed number of statements once a column, and the columns
are at most :data:`MAX_COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from portal.models import Client, Placement, Project
from portal.reports.figures import Figures, Filters, compute
from portal.reports.suppression import Shown, cell, rate

MAX_COLUMNS = 4


class Dimension(StrEnum):
    PERIOD = "period"
    GROUP = "group"
    COMPANY = "company"


DIMENSION_LABELS = {
    Dimension.PERIOD: _l("Periods"),
    Dimension.GROUP: _l("Groups"),
    Dimension.COMPANY: _l("Partner companies"),
}


@dataclass(frozen=True)
class Column:
    """One population: a period, and within it a group or a company's trainees (or all)."""

    title: str
    filters: Filters
    company_id: int | None = None

    def key(self) -> str:
        return f"{self.filters.key()}:{self.company_id or ''}"


def column_scope(scope: Select, column: Column) -> Select:
    """The viewer's clients, narrowed to the company's trainees when the column is a company."""
    if column.company_id is None:
        return scope
    trainees = select(Placement.client_id).where(Placement.company_id == column.company_id)
    return scope.where(Client.id.in_(trainees))


def figures(scope: Select, column: Column) -> Figures:
    return compute(column_scope(scope, column), column.filters)


#: The rows of the comparison: a label and how the cell is read from a column's figures.
INDICATORS: tuple[tuple[str, Any], ...] = (
    ("clients", _l("Clients who entered")),
    ("exited", _l("Left the project")),
    ("positive_rate", _l("Employed or studying of those who left (%)")),
    ("immigrant_share", _l("Immigrant background (%)")),
    ("days_to_outcome", _l("Average days from entry to outcome")),
)


def indicator_values(f: Figures) -> dict[str, Shown | float | None]:
    return {
        "clients": cell(f.clients),
        "exited": cell(f.exited),
        "positive_rate": rate(f.positive, f.exited),
        "immigrant_share": rate(f.immigrants, f.clients),
        "days_to_outcome": f.days_to_outcome,
    }


def default_period(settings: Project) -> tuple[date, date]:
    return settings.period_start, settings.period_end
