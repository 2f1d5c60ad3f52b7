"""The ESF+ indicators as CSV, as a workbook laid out for the funder, and as plain text.

Every format shows the same protected figures in the same order as the page, each row with its
definition beside it. The workbook is written in openpyxl's write-only mode.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from portal.esf.definitions import GENDER_LABELS, GENDERS, NOT_ANSWERED
from portal.esf.indicators import Report, Row
from portal.reports.exports import spreadsheet_safe


def header() -> list[str]:
    return [
        _("Code"),
        _("Indicator"),
        _("Total"),
        *[str(GENDER_LABELS[g]) for g in GENDERS],
        _("Definition used"),
    ]


def row_values(row: Row) -> list[Any]:
    return [
        row.code,
        str(row.label),
        row.total,
        *[row.cells[g] for g in GENDERS],
        str(row.definition or ""),
    ]


def lines(report: Report) -> Iterator[tuple[str, list[Any]]]:
    """("section" | "row" | "target" | "not_answered", values) in the order every format uses."""
    for section in report.sections:
        yield "section", [str(section.title)]
        for row in section.rows:
            yield "row", row_values(row)
    yield "section", [_("The project's own targets")]
    for target in report.targets:
        shown = f"{target.rate} %" if target.rate is not None else ""
        goal = f"{target.target} %" if target.unit == "percent" else target.target
        yield "target", ["", str(target.label), target.figure, shown, goal]
    yield "section", [_("Common indicators Polku cannot answer")]
    for code, label, why in NOT_ANSWERED:
        yield "not_answered", [code, str(label), "", "", "", "", "", "", str(why)]


def title(report: Report) -> str:
    return _(
        "ESF+ common indicators %(start)s – %(end)s",
        start=report.filters.start.isoformat(),
        end=report.filters.end.isoformat(),
    )


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Section"), *header()])
    section = ""
    for kind, values in lines(report):
        if kind == "section":
            section = values[0]
            continue
        writer.writerow([spreadsheet_safe(v) for v in [section, *values]])
    return out.getvalue()


def as_xlsx(report: Report) -> bytes:
    """One sheet as a project would hand it in: title, period, a header row, a heading per
    section, one row an indicator with the definition in the last column."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("ESF+ indicators")[:31])
    widths = [10, 60, 10, 10, 10, 12, 14, 14, 70]
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "C5"

    def styled(value: Any, **style: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    sheet.append([styled(title(report), font=Font(bold=True, size=14))])
    sheet.append(
        [
            _(
                "Participants who entered the project in the period; counts of 1–4 shown as <5, "
                "x where a small group could be worked out."
            )
        ]
    )
    sheet.append([])
    grey = PatternFill("solid", fgColor="DDDDDD")
    sheet.append([styled(h, font=Font(bold=True), fill=grey) for h in header()])
    wrap = Alignment(wrap_text=True, vertical="top")
    for kind, values in lines(report):
        if kind == "section":
            sheet.append([styled(values[0], font=Font(bold=True))])
            continue
        bold = Font(bold=bool(values[0]))
        sheet.append(
            [
                styled(v, font=bold, alignment=wrap) if i in (1, 8) else styled(v)
                for i, v in enumerate(values)
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_line(code: Any, label: Any, figures: list[Any]) -> str:
    cells = "  ".join(f"{v!s:>10}" for v in figures)
    return f"{code!s:<7} {str(label)[:60]:<60} {cells}"


def as_text(report: Report) -> str:
    """Aligned columns for the terminal."""
    out = [title(report)]
    names = [_("Total"), *[str(GENDER_LABELS[g])[:10] for g in GENDERS]]
    for kind, values in lines(report):
        if kind == "section":
            out += ["", values[0], _text_line(_("Code"), _("Indicator"), names)]
        elif kind == "target":
            out.append(f"{values[1]}: {values[2]} {values[3]} ({_('target')} {values[4]})")
        elif kind == "not_answered":
            out.append(f"{values[0]:<7} {values[1]}: {values[8]}")
        else:
            out.append(_text_line(values[0], values[1], values[2 : 3 + len(GENDERS)]))
    return "\n".join(out) + "\n"
