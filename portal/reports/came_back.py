""" "Came back": of the enrolments that ended in a period, the share whose young person enrolled
again in any project of the same organisation within 6 and within 12 months of leaving
(ADR 0030, ``docs/adr/0030-came-back-definition.md``).

An enrolment has *ended* when it has an outcome whose date is sensible: not before the entry,
and not after today (the ESF+ report's rule for "left"). Its leaving date is the outcome's date.
It *came back* within N months when another enrolment of the same person, in a project of the
same organisation, has an entry date from the leaving date up to N calendar months after it.
A leaver counts in the N-month window's denominator only when N months have passed since the
leaving date; until then nobody can say whether they come back.

Each enrolment's share (the leavers and the returns of both windows, by month of leaving and
outcome) is kept as data with the dashboard's figures (``portal.reports.figures_dated``, ADR
0051); one statement adds them up per project, outcome kind and month of leaving. The counts
then go through the reports' disclosure rules (``portal.reports.suppression``): the month
series against every other whole-month period, and each table's "came back" and "did not"
cells protected together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from portal.app import clock
from portal.reports import figures_kept
from portal.reports.figures import kept_scope, table
from portal.reports.figures_dated import BACK, WINDOWS
from portal.reports.figures_read import read_by_project
from portal.reports.periods import Filters, Months, month_number
from portal.reports.scopes import Scope
from portal.reports.suppression import Shown, protect_grid, rate

ByMonth = dict[int, int]


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


def counts(scope: Scope, filters: Filters) -> list[tuple[int, str, int, list[int]]]:
    """(project id, outcome kind, month of leaving, [leavers 6, back 6, leavers 12, back 12])
    for the enrolments in ``scope`` (of the group, when the filters name one) that ended in
    the period, from the kept shares (``portal.reports.figures_dated``): one statement, and
    the shares whose day has come rewritten first."""
    figures_kept.catch_up(clock.today())
    first, last = month_number(filters.start), month_number(filters.end)
    return [
        (project_id, kind, int(month), [int(v) for v in values[:4]])
        for project_id, _part, month, kind, _leavers, *values in read_by_project(
            kept_scope(scope, filters), (BACK,)
        )
        if first <= month <= last
    ]


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


def compute(scope: Scope, filters: Filters) -> CameBack:
    """The came-back table of the enrolments in ``scope`` that ended in the period."""
    filters = filters.whole_months()
    rows = counts(scope, filters)
    months = Months(filters, {month for _p, _k, month, _v in rows})
    result = CameBack()
    result.by_project = _table(months, _series(rows, lambda p, _k: p))
    result.by_outcome = _table(months, _series(rows, lambda _p, k: k))
    result.total = _table(months, {None: _series(rows, lambda _p, _k: None)[None]})[0]
    return result
