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

from flask import current_app
from flask_babel.speaklater import LazyString
from jinja2.filters import do_truncate
from markupsafe import Markup

from portal.reports.came_back import WINDOWS, CameBack
from portal.reports.came_back import Row as CameBackRow
from portal.reports.organisation import ProjectRow
from portal.reports.written import NONE, Written


@dataclass(frozen=True)
class Bar:
    label: Any
    short: Any  # the label cut to 28 characters, as the ``truncate`` filter cuts it
    text: str
    width: float | None  # None: no bar (a hidden count, or nothing to compare with)


def _translated(text: Any) -> Any:
    """A lazy translation translated once, written as the lazy text is (unescaped)."""
    return Markup(str(text)) if isinstance(text, LazyString) else text  # noqa: S704


def bars(written: Written, rows: list[tuple[Any, Any]]) -> list[Bar]:
    """Bars of (label, count) rows, the longest 300 wide."""
    top = max((v for _label, v in rows if isinstance(v, Number)), default=0)
    env = current_app.jinja_env
    out = []
    for label, value in rows:
        drawn = isinstance(value, Number) and top
        out.append(
            Bar(
                _translated(label),
                _translated(do_truncate(env, label, 28, True)),
                written.figure(value),
                round(300 * value / top, 1) if drawn else None,
            )
        )
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


def line(
    written: Written, points: list[tuple[str, Any]], target: Any = None, unit: str = ""
) -> Line:
    """A line of (yyyy-mm, value) points over a 560 wide, 170 high area."""
    values = [v for _label, v in points if isinstance(v, Number)]
    top = max(max(values) if values else 0, target or 0) or 1
    step = 560 / max(len(points) - 1, 1)
    drawn = [
        Point(
            written.month(label),
            written.figure(value, unit),
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
        written.figure(target, unit) if target else "",
    )


def cells(written: Written, rows: list[tuple[Any, ...]]) -> list[tuple[Any, list[str]]]:
    """A table's rows: the name (:data:`NONE` when it has none) and each figure as written."""
    return [(name or NONE, [written.number(v) for v in values]) for name, *values in rows]


def came_back_rows(
    written: Written, table: CameBack, project_names: dict[int, str], outcome_labels: dict
) -> dict[str, Any]:
    """The came-back tables' rows (key, name, each window's leavers, came back and share as
    written) by project and by outcome, and the total's cells."""

    def cells(row: CameBackRow) -> list[str]:
        out = []
        for months in WINDOWS:
            window = row.windows[months]
            out += [
                written.number(window.leavers),
                written.number(window.came_back),
                written.percent(window.rate),
            ]
        return out

    return {
        "project": [(r.key, project_names.get(r.key, NONE), cells(r)) for r in table.by_project],
        "outcome": [(r.key, outcome_labels.get(r.key, NONE), cells(r)) for r in table.by_outcome],
        "total": cells(table.total),
    }


def project_cells(written: Written, rows: list[ProjectRow]) -> list[tuple[ProjectRow, dict]]:
    """The organisation view's rows with their period, counts, rates and targets as written."""
    return [
        (
            r,
            dict(
                start=written.date(r.period_start),
                end=written.date(r.period_end),
                clients=written.number(r.clients),
                target_clients=written.number(r.target_clients),
                in_progress=written.number(r.in_progress),
                leavers=written.number(r.leavers),
                positive_rate=written.percent(r.positive_rate),
                target_positive_percent=written.percent(r.target_positive_percent),
            ),
        )
        for r in rows
    ]
