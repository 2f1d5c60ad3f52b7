"""Report periods are whole calendar months, and a figure is counted month by month so that
it can be compared with the same figure for every other period a user can ask for
(``portal.reports.suppression``, ADR 0013)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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


class Months:
    """Every calendar month a user can ask about: from the earliest month with data (or the
    period's start) to the latest (or the period's end), and where the period lies in them.

    A figure comes as its counts by month (``{yyyymm: count}``), with only the months that
    have a count. The rules of ``portal.reports.suppression`` skip the months without anyone
    in them, so a figure is read as its nonzero months in order: the work is in the months
    that hold data, not in every month of the range, however long it is.
    """

    def __init__(self, filters: Filters, data_months: Iterable[int]) -> None:
        self.first, self.last = month_number(filters.start), month_number(filters.end)
        months = {self.first, self.last, *(int(m) for m in data_months)}
        self.lowest, self.highest = min(months), max(months)

    def holds(self, month: int) -> bool:
        """Whether ``month`` (yyyymm) is in the period."""
        return self.first <= month <= self.last

    def _runs(self, by_month: dict[int, int]) -> tuple[list[int], list[int], int]:
        """The figure's nonzero months in order (a user can ask about them), their counts,
        and how many of them lie before the period."""
        items = sorted(
            (m, n) for m, n in by_month.items() if n and self.lowest <= m <= self.highest
        )
        keys = [m for m, _n in items]
        return keys, [n for _m, n in items], bisect_left(keys, self.first)

    def count(self, by_month: dict[int, int]) -> tuple[int, Shown]:
        """The figure for the period as counted, and as shown after the small-cell and the
        differencing rules."""
        keys, counts, before = self._runs(by_month)
        end = bisect_right(keys, self.last) - 1
        return sum(counts[before : end + 1]), period_count(counts, before, end)

    def total(self, by_month: dict[int, int]) -> int:
        """The figure for the period, as counted."""
        return sum(n for m, n in by_month.items() if self.holds(m))

    def shown(self, by_month: dict[int, int]) -> Shown:
        """The figure for the period after the small-cell and the differencing rules."""
        return self.count(by_month)[1]

    def so_far(self, by_month: dict[int, int]) -> list[tuple[int, Shown]]:
        """For each month of the period with a count: the figure from the period's start up
        to that month, as shown (one sort of the figure's months for every point)."""
        keys, counts, before = self._runs(by_month)
        end = bisect_right(keys, self.last)
        return [(keys[i], period_count(counts, before, i)) for i in range(before, end)]
