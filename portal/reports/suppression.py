"""Small-cell suppression: no aggregate shows a count between 1 and 4, so that nobody can be
singled out. Rates are shown only when their denominator is at least 5."""

from __future__ import annotations

MIN_CELL = 5
SUPPRESSED = "<5"


def cell(count: int | None) -> int | str:
    count = count or 0
    return SUPPRESSED if 0 < count < MIN_CELL else count


def rate(part: int | None, whole: int | None) -> float | None:
    """Percentage with one decimal, or None when the whole is too small to show."""
    if not whole or whole < MIN_CELL:
        return None
    return round(100 * (part or 0) / whole, 1)
