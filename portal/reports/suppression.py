"""Disclosure control: no figure lets anyone work out a group of fewer than five people
(ADR 0013, ``docs/adr/0013-access-disclosure-control.md``).

Three rules, applied in this order to every count a report shows:

1. **Primary suppression.** A count of 1-4 is shown as ``<5``.
2. **Differencing between periods.** Periods are whole months. A count is hidden (``x``) when
   the same count for another whole-month period nested in it or containing it differs from it
   by 1-4: the smallest such difference is the first month with anyone in it, counted inwards
   or outwards from either end of the period (:func:`differs_little`).
3. **Complementary suppression.** In a table whose row and column totals are known (or can be
   added up), a lone hidden cell, or hidden cells that add up to 1-4, could be recovered by
   subtraction; the smallest other cells of that row or column are hidden too, until every
   row and column hides nothing, or at least two cells that add up to five or more
   (:func:`protect_grid`).

Rates are shown only when their numerator and their denominator are both counts of five or
more that are themselves shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MIN_CELL = 5
SUPPRESSED = "<5"
#: A count hidden although it is five or more, so that a small one cannot be worked out.
HIDDEN = "x"

Shown = int | str


def is_small(count: int) -> bool:
    return 0 < count < MIN_CELL


def cell(count: Shown | None) -> Shown:
    """A count as shown: ``<5`` for 1-4; a count already hidden stays hidden."""
    if isinstance(count, str):
        return count
    count = count or 0
    return SUPPRESSED if is_small(count) else count


def rate(part: Shown | None, whole: Shown | None) -> float | None:
    """Percentage with one decimal, or None unless ``part`` and ``whole`` are both shown counts
    of five or more ("<5 %" would read as a rate)."""
    if not isinstance(part, int) or not isinstance(whole, int):
        return None
    if part < MIN_CELL or whole < MIN_CELL:
        return None
    return round(100 * part / whole, 1)


def _first_nonzero(values: Iterable[int]) -> int:
    return next((v for v in values if v), 0)


def differs_little(months: Sequence[int], first: int, last: int) -> bool:
    """Whether the sum of ``months[first:last + 1]`` differs by 1-4 from the sum over another
    run of months nested in it or containing it (every month a user can ask for is in
    ``months``, one count per calendar month in order; months with a count of 0 may be left
    out, as the rule passes over them)."""
    edges = (
        _first_nonzero(months[first : last + 1]),  # leave months out at the start
        _first_nonzero(reversed(months[first : last + 1])),  # ... at the end
        _first_nonzero(reversed(months[:first])),  # take earlier months in
        _first_nonzero(months[last + 1 :]),  # take later months in
    )
    return any(is_small(edge) for edge in edges)


def period_count(months: Sequence[int], first: int, last: int) -> Shown:
    """The count of a period shown after rules 1 and 2 (rule 3 needs the whole table)."""
    total = sum(months[first : last + 1])
    if is_small(total):
        return SUPPRESSED
    if total and differs_little(months, first, last):
        return HIDDEN
    return total


def protect_grid(values: list[list[int]], shown: list[list[Shown]]) -> list[list[Shown]]:
    """Rule 3 for a table of counts (a single row or column is a table too). ``shown`` has the
    cells after rules 1 and 2; the result hides more cells where needed.

    The lines (rows, then columns) are gone through in order until none hides another cell.
    A line of one cell never hides anything (no other cell could give it away), and a line
    that hid nothing is passed over until one of its cells is hidden from another line: the
    same cells are hidden as when every line is looked at in every round."""
    result = [list(row) for row in shown]
    width = max((len(row) for row in values), default=0)
    lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(values)]
    lines += [[(r, c) for r in range(len(values)) if c < len(values[r])] for c in range(width)]
    lines = [line for line in lines if len(line) > 1]
    lines_of: dict[tuple[int, int], list[int]] = {}
    for i, line in enumerate(lines):
        for place in line:
            lines_of.setdefault(place, []).append(i)
    settled: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(lines):
            if i in settled:
                continue
            place = _to_hide(values, result, line)
            if place is None:
                settled.add(i)
                continue
            r, c = place
            result[r][c] = HIDDEN
            settled.difference_update(lines_of[place])
            changed = True
    return result


def _to_hide(
    values: list[list[int]], result: list[list[Shown]], line: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The cell of ``line`` to hide next, if any: the smallest count shown (zeros last)."""
    hidden = [(r, c) for r, c in line if isinstance(result[r][c], str)]
    hidden_sum = sum(values[r][c] for r, c in hidden)
    if not hidden or (len(hidden) > 1 and not is_small(hidden_sum)):
        return None
    if len(hidden) > 1 and hidden_sum == 0:
        return None
    candidates = sorted(
        ((values[r][c], r, c) for r, c in line if not isinstance(result[r][c], str)),
        key=lambda item: (item[0] == 0, item[0]),
    )
    if not candidates or (candidates[0][0] == 0 and len(hidden) > 1):
        return None
    _, r, c = candidates[0]
    return r, c


def protect_row(values: list[int], shown: list[Shown]) -> list[Shown]:
    """Rule 3 for one list of counts that adds up to a known total."""
    return protect_grid([values], [shown])[0]
