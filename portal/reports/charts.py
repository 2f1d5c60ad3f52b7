"""The dashboard's charts and tables, laid out and their figures formatted once.

A chart shows each value three times (its description for assistive technology, the drawing
and the table alternative) and a line chart each month three times: formatted here once, the
template (``templates/reports/_charts.html``) only writes them out. A count that is hidden
(``<5``, ``x``) gets no bar or dot; a rate that may not be shown is a dash (:data:`NONE`),
never "<5 %".
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Number
from typing import Any

from portal.app.formats import figure, month, number

#: What stands for a value that is not shown at all (a rate under the threshold).
NONE = "–"


def _text(value: Any, unit: str = "") -> str:
    return NONE if value is None else figure(value, unit)


@dataclass(frozen=True)
class Bar:
    label: Any  # as given: a lazy translation is written as it is
    text: str
    width: float | None  # None: no bar (a hidden count, or nothing to compare with)


def bars(rows: list[tuple[Any, Any]]) -> list[Bar]:
    """Bars of (label, count) rows, the longest 300 wide."""
    top = max((v for _label, v in rows if isinstance(v, Number)), default=0)
    out = []
    for label, value in rows:
        drawn = isinstance(value, Number) and top
        out.append(Bar(label, _text(value), round(300 * value / top, 1) if drawn else None))
    return out


@dataclass(frozen=True)
class Point:
    month: Any  # the month as the reader's language names it
    text: str
    x: float
    y: float | None  # None: no dot (a hidden count, a rate not shown)


@dataclass(frozen=True)
class Line:
    points: list[Point]
    #: The polyline through the values shown, spaced as the values shown.
    path: str
    target: float | None  # the target line's height
    target_text: str


def line(points: list[tuple[str, Any]], target: Any = None, unit: str = "") -> Line:
    """A line of (yyyy-mm, value) points over a 560 wide, 170 high area."""
    values = [v for _label, v in points if isinstance(v, Number)]
    top = max(max(values) if values else 0, target or 0) or 1
    step = 560 / max(len(points) - 1, 1)
    drawn = [
        Point(
            month(label),
            _text(value, unit),
            20 + step * i,
            190 - 170 * value / top if isinstance(value, Number) else None,
        )
        for i, (label, value) in enumerate(points)
    ]
    path = "".join(f"{20 + step * i},{190 - 170 * v / top} " for i, v in enumerate(values))
    return Line(
        drawn,
        path,
        190 - 170 * target / top if target else None,
        figure(target, unit) if target else "",
    )


def cells(rows: list[tuple[Any, ...]]) -> list[tuple[Any, list[str]]]:
    """A table's rows: the name (:data:`NONE` when it has none) and each figure as written."""
    return [
        (name or NONE, [NONE if v is None else str(number(v)) for v in values])
        for name, *values in rows
    ]
