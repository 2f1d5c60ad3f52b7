"""CSV and XLSX out of the same figures; the row-level export streams."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import Select, and_, select

from portal.access import audit
from portal.app.extensions import db
from portal.hooks.manager import collect
from portal.hooks.types import ExportColumn
from portal.models import Client, ClientSensitive, FollowUp, Outcome, User
from portal.reports.categories import age_band, exit_result, isced
from portal.reports.figures import Filters, population
from portal.reports.funder import Table

ROW_BATCH = 2000
#: The audit action of a client's row in a row-level export.
EXPORT_ACTION = "client_export.read"
#: A cell starting with one of these is read as a formula by Excel and LibreOffice (tab and
#: carriage return too, which some of them skip before looking).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value that no spreadsheet runs as a formula: text that starts like one gets a
    leading apostrophe (shown as text, the value readable). Numbers, dates and booleans are
    kept as they are, so a negative number stays a number."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


#: The same starts as single characters, for the row-by-row check of large exports.
_FORMULA_CHARS = frozenset(FORMULA_START)


def _safe_row(row: Iterable[Any]) -> list[Any]:
    """``spreadsheet_safe`` of every cell, written out for speed (100,000-row exports)."""
    return [
        "'" + value if value.__class__ is str and value[:1] in _FORMULA_CHARS else value
        for value in row
    ]


def tables_csv(tables: list[Table]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Table"), _("Row"), _("Count")])
    for table in tables:
        for label, value in table.rows:
            writer.writerow(_safe_row([str(table.title), str(label), value]))
    return out.getvalue()


def tables_xlsx(tables: list[Table], title: str) -> bytes:
    """A formatted workbook: one sheet, a bold heading per table."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Funder report")[:31]
    sheet.append(_safe_row([title]))
    sheet["A1"].font = Font(bold=True, size=14)
    for table in tables:
        sheet.append([])
        sheet.append(_safe_row([str(table.title)]))
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for label, value in table.rows:
            sheet.append(_safe_row([str(label), value]))
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 12
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def record_client_export(fmt: str, scope: Select, filters: Filters) -> None:
    """Every export of client rows is logged: one audit row for each client in it.

    The rows are written at the end of the request, before the first line is streamed, by
    one INSERT from the export's own SELECT of client ids.
    """
    audit.read_each(
        population(scope, filters), f"client_export.{fmt}", "reporting", action=EXPORT_ACTION
    )


def row_columns(user: User) -> list[ExportColumn]:
    return collect("portal_export_columns", report="clients", user=user)


def client_rows(scope: Select, filters: Filters, user: User) -> Iterator[list[Any]]:
    """Header, then one row a client, fetched in batches (memory stays flat)."""
    extra = row_columns(user)
    yield [
        _("Client id"),
        _("Entry date"),
        _("Year of birth"),
        _("Age band"),
        _("Municipality"),
        _("Education (ISCED)"),
        _("Labour-market status at entry"),
        _("Migrant or foreign background"),
        _("Phase"),
        _("Result upon leaving"),
        _("Leaving date"),
        _("Situation six months after leaving"),
        *[str(c.header) for c in extra],
    ]
    ids = population(scope, filters)
    query = (
        select(
            Client.id,
            Client.entry_date,
            Client.birth_year,
            age_band(),
            Client.municipality,
            isced(),
            Client.employment_status,
            ClientSensitive.immigrant_background,
            Client.state,
            exit_result(),
            Outcome.on,
            FollowUp.result,
        )
        .outerjoin(ClientSensitive, ClientSensitive.client_id == Client.id)
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .outerjoin(FollowUp, and_(FollowUp.client_id == Client.id, FollowUp.months == 6))
        .where(Client.id.in_(ids))
        .order_by(Client.id)
    )
    # Core rows, streamed a batch at a time (the ORM's per-row work halves the rate).
    result = db.session.connection().execute(query, execution_options={"yield_per": ROW_BATCH})
    for batch in result.partitions():
        yield from _finish(batch, extra)


def _finish(batch: list[Any], extra: list[ExportColumn]) -> Iterable[list[Any]]:
    if not batch:
        return
    plugin_values = [column.values([row[0] for row in batch]) for column in extra]
    for row in batch:
        values = list(row)
        values[9] = values[9] if values[10] else ""  # no outcome yet: no exit result
        values[7] = bool(values[7])
        yield [*values, *[v.get(row[0], "") for v in plugin_values]]


def rows_csv(rows: Iterator[list[Any]]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(_safe_row(row))
        yield out.getvalue()
        out.seek(0)
        out.truncate()


def rows_xlsx(rows: Iterator[list[Any]]) -> Iterator[bytes]:
    """Write-only workbook to a temporary file, then stream the file in chunks."""
    with tempfile.TemporaryFile() as spool:
        write_xlsx(rows, spool)
        spool.seek(0)
        while chunk := spool.read(64 * 1024):
            yield chunk


def write_xlsx(rows: Iterator[list[Any]], out: IO[bytes]) -> None:
    """A write-only workbook (openpyxl keeps no rows in memory): bold header, safe cells."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Clients")[:31])
    header = next(rows)
    bold = []
    for value in header:
        c = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
        c.font = Font(bold=True)
        bold.append(c)
    sheet.append(bold)
    for row in rows:
        sheet.append(_safe_row(row))
    book.save(out)


def write_csv(rows: Iterator[list[Any]], out: IO[str]) -> None:
    """The same rows as CSV, written as they come."""
    csv.writer(out).writerows(map(_safe_row, rows))
