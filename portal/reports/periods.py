"""Report periods are whole calendar months, and a figure is counted month by month so that
it can be compared with the same figure for every other period a user can ask for
(``portal.reports.suppression``, ADR 0013)."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, true

from portal.reports.suppression import Shown, period_count


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    group_id: int | None = None
    #: The projects the report is about (empty: every project in the viewer's scope).
    project_ids: tuple[int, ...] = ()

    def key(self) -> str:
        projects = ",".join(map(str, self.project_ids))
        return f"{self.start.isoformat()}:{self.end.isoformat()}:{self.group_id or ''}:{projects}"

    def in_projects(self, column: Any) -> Any:
        """A condition on a project id ``column`` (such as ``Client.project_id``): one of
        the report's projects; always true when the report names none."""
        return column.in_(self.project_ids) if self.project_ids else true()

    def whole_months(self) -> Filters:
        """From the first day of the start's month to the last day of the end's month."""
        last = monthrange(self.end.year, self.end.month)[1]
        return replace(self, start=self.start.replace(day=1), end=self.end.replace(day=last))


def month_number(day: date) -> int:
    """2026-03-15 -> 202603."""
    return day.year * 100 + day.month


def month_of(column):
    """SQL: the calendar month of a date column as yyyymm."""
    return func.extract("year", column) * 100 + func.extract("month", column)


def label(yyyymm: int) -> str:
    return f"{yyyymm // 100}-{yyyymm % 100:02d}"


def _next(yyyymm: int) -> int:
    year, month = divmod(yyyymm, 100)
    return yyyymm + 1 if month < 12 else (year + 1) * 100 + 1


class Months:
    """Every calendar month a user can ask about: from the earliest month with data (or the
    period's start) to the latest (or the period's end), and where the period lies in them."""

    def __init__(self, filters: Filters, data_months: Iterable[int]) -> None:
        first, last = month_number(filters.start), month_number(filters.end)
        months = {first, last, *(int(m) for m in data_months)}
        self.months: list[int] = []
        month = min(months)
        while month <= max(months):
            self.months.append(month)
            month = _next(month)
        self.index = {m: i for i, m in enumerate(self.months)}
        self.first, self.last = self.index[first], self.index[last]

    def series(self, by_month: dict[int, int]) -> list[int]:
        return [by_month.get(m, 0) for m in self.months]

    def total(self, by_month: dict[int, int]) -> int:
        """The figure for the period, as counted."""
        return sum(self.series(by_month)[self.first : self.last + 1])

    def shown(self, by_month: dict[int, int], last: int | None = None) -> Shown:
        """The figure for the period (or for its start up to month index ``last``) after the
        small-cell and the differencing rules."""
        end = self.last if last is None else last
        return period_count(self.series(by_month), self.first, end)

    def in_period(self) -> list[int]:
        return self.months[self.first : self.last + 1]
