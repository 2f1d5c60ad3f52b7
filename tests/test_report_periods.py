"""A figure read from its nonzero months, and a table protected line by line as lines change,
show exactly what counting every calendar month and going over every line in every round
shows (ADR 0013): compared here with that way of counting, on varied made-up figures."""

from __future__ import annotations

import random
import time
from datetime import date

import pytest

from portal.reports.periods import Filters, Months, month_number
from portal.reports.suppression import (
    HIDDEN,
    MIN_CELL,
    SUPPRESSED,
    Shown,
    cell,
    is_small,
    period_count,
    protect_grid,
)

YEARS = range(2019, 2028)


def _next(yyyymm: int) -> int:
    year, month = divmod(yyyymm, 100)
    return yyyymm + 1 if month < 12 else (year + 1) * 100 + 1


class EveryMonth:
    """The figures counted over a list of every calendar month a user can ask about."""

    def __init__(self, filters: Filters, data_months) -> None:
        first, last = month_number(filters.start), month_number(filters.end)
        wanted = {first, last, *data_months}
        self.months = []
        month = min(wanted)
        while month <= max(wanted):
            self.months.append(month)
            month = _next(month)
        self.index = {m: i for i, m in enumerate(self.months)}
        self.first, self.last = self.index[first], self.index[last]

    def series(self, by_month: dict[int, int]) -> list[int]:
        return [by_month.get(m, 0) for m in self.months]

    def total(self, by_month: dict[int, int]) -> int:
        return sum(self.series(by_month)[self.first : self.last + 1])

    def shown(self, by_month: dict[int, int], last: int | None = None) -> Shown:
        end = self.last if last is None else last
        return period_count(self.series(by_month), self.first, end)

    def so_far(self, by_month: dict[int, int]) -> list[tuple[int, Shown]]:
        period = self.months[self.first : self.last + 1]
        return [(m, self.shown(by_month, last=self.index[m])) for m in period if by_month.get(m)]


def _every_line_every_round(values, shown):
    """Rule 3 going over every line (rows, then columns) in every round."""
    result = [list(row) for row in shown]
    lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(values)]
    width = max((len(row) for row in values), default=0)
    lines += [[(r, c) for r in range(len(values)) if c < len(values[r])] for c in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [(r, c) for r, c in line if isinstance(result[r][c], str)]
            hidden_sum = sum(values[r][c] for r, c in hidden)
            if not hidden or (len(hidden) > 1 and not is_small(hidden_sum)):
                continue
            if len(hidden) > 1 and hidden_sum == 0:
                continue
            candidates = sorted(
                ((values[r][c], r, c) for r, c in line if not isinstance(result[r][c], str)),
                key=lambda item: (item[0] == 0, item[0]),
            )
            if not candidates or (candidates[0][0] == 0 and len(hidden) > 1):
                continue
            _, r, c = candidates[0]
            result[r][c] = HIDDEN
            changed = True
    return result


def _month(rng: random.Random) -> int:
    return rng.choice(YEARS) * 100 + rng.randint(1, 12)


def _count(rng: random.Random) -> int:
    """Mostly small counts (those the rules are about), some zeros, some larger ones."""
    return rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, rng.randint(1, 60)])


def _figure(rng: random.Random, months: list[int]) -> dict[int, int]:
    """Counts by month: some months of the data, as a query returns them (zeros too)."""
    return {m: _count(rng) for m in rng.sample(months, rng.randint(0, len(months)))}


def _period(rng: random.Random) -> Filters:
    a, b = sorted((_month(rng), _month(rng)))
    if rng.random() < 0.3:  # a single month
        b = a
    start = date(a // 100, a % 100, rng.randint(1, 28))
    end = date(b // 100, b % 100, rng.randint(1, 28))
    return Filters(start, end).whole_months()


@pytest.mark.parametrize("seed", range(40))
def test_a_figure_from_its_nonzero_months_is_the_figure_of_every_month(seed):
    rng = random.Random(seed)
    data_months = sorted({_month(rng) for _ in range(rng.randint(0, 30))})
    filters = _period(rng)
    new, old = Months(filters, data_months), EveryMonth(filters, data_months)
    figures = [_figure(rng, data_months) for _ in range(25)] + [{}]
    # A figure whose months all fall in the period, and one with nothing in the period.
    figures.append({m: _count(rng) for m in old.months[old.first : old.last + 1]})
    figures.append({m: 3 for m in old.months[: old.first] + old.months[old.last + 1 :]})
    # Months no one can ask about (outside the data's and the period's) count for nothing.
    figures.append({201801: 2, **_figure(rng, data_months), 202901: 1})
    for by_month in figures:
        assert new.total(by_month) == old.total(by_month), (filters, by_month)
        assert new.shown(by_month) == old.shown(by_month), (filters, by_month)
        assert new.count(by_month) == (old.total(by_month), old.shown(by_month))
        assert new.so_far(by_month) == old.so_far(by_month), (filters, by_month)


def test_a_period_over_years_with_empty_months_between():
    filters = Filters(date(2024, 11, 1), date(2026, 2, 28))
    by_month = {202312: 2, 202411: 6, 202502: 0, 202512: 7, 202602: 3, 202605: 9}
    data_months = sorted(by_month)
    new, old = Months(filters, data_months), EveryMonth(filters, data_months)
    assert new.count(by_month) == (old.total(by_month), old.shown(by_month)) == (16, HIDDEN)
    assert new.so_far(by_month) == old.so_far(by_month)
    assert [m for m, _ in new.so_far(by_month)] == [202411, 202512, 202602]


def _shown(rng: random.Random, values: list[list[int]]) -> list[list[Shown]]:
    """Cells after rules 1 and 2: small ones as <5, some larger ones already hidden."""
    return [
        [HIDDEN if v >= MIN_CELL and rng.random() < 0.1 else cell(v) for v in row] for row in values
    ]


@pytest.mark.parametrize("seed", range(60))
def test_a_table_protected_as_lines_change_is_protected_as_every_round(seed):
    rng = random.Random(seed)
    shape = rng.choice(["row", "column", "grid", "ragged"])
    rows = rng.randint(1, 12)
    if shape == "row":
        values = [[_count(rng) for _ in range(rng.randint(1, 12))]]
    elif shape == "column":
        values = [[_count(rng)] for _ in range(rows)]
    elif shape == "grid":
        width = rng.randint(2, 4)
        values = [[_count(rng) for _ in range(width)] for _ in range(rows)]
    else:
        values = [[_count(rng) for _ in range(rng.randint(1, 4))] for _ in range(rows)]
    shown = _shown(rng, values)
    assert protect_grid(values, shown) == _every_line_every_round(values, shown), values


def test_a_figure_costs_its_months_with_data_not_every_month_of_the_range():
    # Data from the year 1000 to 2999: 24,000 months anyone could ask about. Counted month by
    # month (a list of every month for each figure) a thousand figures took seconds; read
    # from their few months with data, milliseconds.
    filters = Filters(date(2026, 1, 1), date(2026, 12, 31))
    months = Months(filters, [100001, 202603, 299912])
    figures = [{100001: i % 7, 202603: i % 11, 202611: 3, 299912: 2} for i in range(1000)]
    started = time.perf_counter()
    counted = [months.count(by_month) for by_month in figures]
    assert time.perf_counter() - started < 0.5
    assert counted[11] == (3, SUPPRESSED) and counted[1] == (4, SUPPRESSED)
    assert counted[6] == (9, HIDDEN)  # the 3 of November is a small difference
