"""The dashboard's charts, laid out and formatted once in Python (``portal.reports.charts``),
draw exactly what the charts drawn value by value in the template drew: compared here with
that template on varied rows (hidden counts, rates not shown, all zeros, long and short
lines, with and without a target) in three languages."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from flask_babel import lazy_gettext as _l

from portal.app import formats
from portal.models import PathwayState
from portal.models.labels import STATE_LABELS
from portal.reports import charts
from portal.reports.came_back import CameBack, Cell, Row
from portal.reports.organisation import ProjectRow
from portal.reports.written import Written

#: The charts as the template drew them, formatting every value where it is written.
EVERY_VALUE_IN_THE_TEMPLATE = (
    Path(__file__).parent / "support" / "charts_value_by_value.html"
).read_text()


BARS = [
    [],
    [("Aloittanut", 12), ("Jatkaa & <muu>", "<5"), ("Poistunut", "x"), ("Tyhjä", 0)],
    [("Yksi", 0), ("Kaksi", 0)],
    [("A label longer than twenty-eight characters", 1234567), ("B", 5), ("C", "<5")],
    [(f"Ryhmä {i}", i * 7 % 23) for i in range(12)],
    # Translations, lazily: a short one, and a long one that is cut, with marks to escape.
    [
        (STATE_LABELS[PathwayState.PATHWAY], 9),
        (_l("Don't & <know> whether the partner company employed them"), "<5"),
        (_l("Don't know"), 3),
    ],
]
LINES = [
    ([], None, ""),
    ([("2026-03", 12)], 40, ""),
    ([("2025-11", "<5"), ("2025-12", 9), ("2026-01", "x"), ("2026-02", 31)], 25, ""),
    ([(f"{2024 + i // 12}-{i % 12 + 1:02d}", i * 3 or None) for i in range(20)], 100, ""),
    ([("2025-12", 45.5), ("2026-01", None), ("2026-02", 61.2), ("2026-03", None)], 70, " %"),
    ([(f"2025-{m:02d}", None) for m in range(1, 10)], None, " %"),
    ([("2026-01", 0), ("2026-02", 0)], 0, ""),
]


def _spaces(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.fixture(params=["fi", "sv", "en"])
def render(app, request):
    old = app.jinja_env.from_string(EVERY_VALUE_IN_THE_TEMPLATE).module
    new = app.jinja_env.get_template("reports/_charts.html").module
    with app.test_request_context(headers={"Accept-Language": request.param}):
        yield old, new


@pytest.mark.parametrize("rows", BARS)
def test_bars_are_drawn_as_the_template_drew_them(render, rows):
    old, new = render
    expected = _spaces(str(old.bar_chart("c", "Otsikko", rows)))
    assert _spaces(str(new.bar_chart("c", "Otsikko", charts.bars(Written(), rows)))) == expected


@pytest.mark.parametrize(("points", "target", "unit"), LINES)
def test_lines_are_drawn_as_the_template_drew_them(render, points, target, unit):
    old, new = render
    expected = _spaces(str(old.line_chart("t", "Otsikko", points, target, unit)))
    drawn = new.line_chart("t", "Otsikko", charts.line(Written(), points, target, unit))
    assert _spaces(str(drawn)) == expected


OLD_CELLS = (
    '{% for row in rows %}<tr>{% for value in row %}{% if loop.first %}<th scope="row">'
    '{{ value or "–" }}</th>{% else %}<td>{{ value|number if value is not none else "–" }}'
    "</td>{% endif %}{% endfor %}</tr>{% endfor %}"
)
NEW_CELLS = (
    '{% for name, values in rows %}<tr><th scope="row">{{ name }}</th>'
    "{% for value in values %}<td>{{ value }}</td>{% endfor %}</tr>{% endfor %}"
)


def test_table_cells_are_written_as_the_template_wrote_them(app, render):
    rows = [("Ryhmä <A>", 12, "<5", 45.5), ("", "x", 1234567, None), (None, 0, 7, 100.0)]
    old = app.jinja_env.from_string(OLD_CELLS).render(rows=rows)
    assert app.jinja_env.from_string(NEW_CELLS).render(rows=charts.cells(Written(), rows)) == old


VALUES = [0, 1, 7, 1234567, 45.5, 45.0, 45, 100.0, 0.1, Decimal("12.5"), "<5", "x"]


def test_figures_are_written_as_the_filters_write_them_in_each_language(app):
    # The languages in turn, twice: what is kept for one is never written for another.
    for language in ["fi", "sv", "en", "fi", "en", "sv"]:
        with app.test_request_context(headers={"Accept-Language": language}):
            written = Written()
            for value in VALUES:
                assert written.number(value) == str(formats.number(value)), value
                assert written.percent(value) == str(formats.percent(value)), value
                assert written.figure(value, " %") == formats.figure(value, " %"), value
                assert written.figure(value) == formats.figure(value), value
            for month in ["2026-03", "2025-12", date(2026, 3, 1)]:
                assert written.month(month) == formats.month(month)
            assert written.number(None) == written.percent(None) == "–"


def test_the_came_back_and_project_rows_are_written_as_the_filters_write_them(app):
    windows = {6: Cell(12, "<5", None), 12: Cell("x", 7, 58.3)}
    table = CameBack(
        [Row(3, windows), Row(99, windows)], [Row("employed", windows)], Row(None, windows)
    )
    project = ProjectRow(
        3, "P", "", date(2026, 1, 1), date(2026, 12, 31), 240, 70, 1234, "<5", "x", 45.0
    )
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        written, date_filter = Written(), app.jinja_env.filters["date"]
        expected = [str(formats.number(12)), "<5", "–", "x", "7", str(formats.percent(58.3))]
        rows = charts.came_back_rows(written, table, {3: "P"}, {"employed": "Töissä"})
        assert rows == {
            "project": [(3, "P", expected), (99, "–", expected)],
            "outcome": [("employed", "Töissä", expected)],
            "total": expected,
        }
        ((_row, cells),) = charts.project_cells(written, [project])
        assert cells == dict(
            start=date_filter(date(2026, 1, 1)),
            end=date_filter(date(2026, 12, 31)),
            clients=str(formats.number(1234)),
            target_clients="240",
            in_progress="<5",
            leavers="x",
            positive_rate=str(formats.percent(45.0)),
            target_positive_percent=str(formats.percent(70)),
        )
