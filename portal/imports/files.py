"""Reading an uploaded spreadsheet into rows of text: CSV (UTF-8, with or without its byte
order mark; the cells separated by semicolons or commas) or XLSX (the first sheet).

Every cell comes out as text. A CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` is text
like any other (CSV has no formulas): what was typed is what is stored, and the exports
neutralise such text when they write it out. An XLSX formula comes in as the value the
spreadsheet program saved with it (what its user sees), never as the formula; nothing is
calculated here.
A file that cannot be read is refused whole with a :class:`FileRefused` whose message says
what to do, in the user's language.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

#: The largest file taken, and the most rows (besides the header) it may have.
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
#: Columns read from a sheet: more than any import names.
MAX_COLUMNS = 60
#: An XLSX is a zip: its parts unpacked may weigh this much, no more.
MAX_UNPACKED = 10 * 1024 * 1024
#: The longest cell taken: the longest field of the intake and company forms.
MAX_CELL = 4000
#: Empty rows after the last one with content: the rest of the sheet is only formatting.
EMPTY_RUN = 1000
ZIP_START = b"PK\x03\x04"
#: The start of an old binary Excel (.xls) file.
OLE_START = b"\xd0\xcf\x11\xe0"

NOT_UTF8 = _l(
    'The file is not in UTF-8. In Excel choose Save as and "CSV UTF-8"; in other programs '
    "choose the UTF-8 character set when saving."
)
OLD_EXCEL = _l("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV.")
UNREADABLE = _l("The file could not be read as CSV or XLSX. Check that it is a spreadsheet.")
NO_HEADER = _l("The file is empty: its first row must name the columns.")
NO_VALUE = _l(
    "The formula in this cell has no saved value. Open the file in Excel and save it again, "
    "or type the value in the cell."
)


class FileRefused(Exception):
    """The file cannot be imported at all; ``message`` says why and what to do."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """The header's cells and each later row that has something in it, with its number as
    the spreadsheet program shows it (the header's row is usually 1)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    #: (row, column from 0) of each XLSX formula saved without its value: an error there.
    unsaved: list[tuple[int, int]] = field(default_factory=list)


def max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", MAX_BYTES))


def max_rows() -> int:
    return int(current_app.config.get("IMPORT_MAX_ROWS", MAX_ROWS))


def max_characters() -> int:
    """The most text a file's cells may hold together: a preview stays near the file's size."""
    return 4 * max_bytes()


def too_large() -> str:
    megabytes = max_bytes() / (1024 * 1024)
    return str(
        _l(
            "The file is larger than %(size)s MB. Split it into smaller files.",
            size=f"{megabytes:g}",
        )
    )


def read_upload(stream: Any) -> bytes:
    """The uploaded file's bytes; refused when it is larger than the limit (read no further)."""
    data = stream.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise FileRefused(too_large())
    if not data:
        raise FileRefused(NO_HEADER)
    return data


def read_table(data: bytes) -> Table:
    """The file's rows, whichever of the two kinds it is (known by its first bytes)."""
    if data.startswith(OLE_START):
        raise FileRefused(OLD_EXCEL)
    unsaved: list[tuple[int, int]] = []
    rows = _xlsx_rows(data, unsaved) if data.startswith(ZIP_START) else _csv_rows(data)
    table = _table(rows)
    kept = {number for number, _ in table.rows}
    table.unsaved = [(number, at) for number, at in unsaved if number in kept]
    return table


def _table(rows: Iterable[tuple[int, list[str]]]) -> Table:
    """The first row with text is the header; later empty rows are left out, and reading stops
    after :data:`EMPTY_RUN` of them in a row (formatting, not data). More rows with content
    than the limit, a cell longer than any field takes, or more text in all than
    :func:`max_characters` refuse the file."""
    table: Table | None = None
    limit, characters = max_rows(), max_characters()
    last = used = 0
    for number, cells in rows:
        if not any(cells):
            if number - last > EMPTY_RUN:
                break
            continue
        last = number
        _check_cells(number, cells)
        used += sum(len(cell) for cell in cells)
        if used > characters:
            raise FileRefused(
                _l("The file holds too much text to check at once. Split it into smaller files.")
            )
        if table is None:
            table = Table(headers=cells)
            continue
        table.rows.append((number, cells))
        if len(table.rows) > limit:
            raise FileRefused(
                _l(
                    "The file has more than %(count)s rows. Split it into smaller files.",
                    count=limit,
                )
            )
    if table is None:
        raise FileRefused(NO_HEADER)
    return table


def _check_cells(number: int, cells: list[str]) -> None:
    for cell in cells:
        if len(cell) > MAX_CELL:
            raise FileRefused(_too_long(number))


def _too_long(number: int) -> Any:
    return _l(
        "Row %(row)s has a cell longer than %(count)s characters, more than any field takes. "
        "Check the file.",
        row=number,
        count=MAX_CELL,
    )


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(NOT_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(NOT_UTF8) from None
    if "\x00" in text:
        raise FileRefused(UNREADABLE)
    first_line, _, rest = text.partition("\n")
    if re.fullmatch(r"sep=[;,\t]\r?", first_line, flags=re.IGNORECASE):
        # Excel's own hint of the separator: not a row of the sheet it shows.
        delimiter, text = first_line[4], rest
    else:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A record's number is its row in a spreadsheet program, even when a quoted cell
        # holds line breaks.
        for number, cells in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in cells[:MAX_COLUMNS]]
    except csv.Error:
        raise FileRefused(UNREADABLE) from None


def _xlsx_rows(data: bytes, unsaved: list[tuple[int, int]]) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows, numbered from 1 as the sheet numbers them. A formula is read as
    the value saved with it (``data_only=True``): what the sheet shows, nothing calculated. A
    formula saved without its value (a file written by a program that does not calculate)
    comes in as its text, and its place (row, column) is added to ``unsaved``."""
    _check_zip(data)
    values_book = _open_book(data, data_only=True)
    formula_book = _open_book(data, data_only=False)
    try:
        if not values_book.worksheets:
            raise FileRefused(NO_HEADER)
        shown, written = (_sheet_rows(book) for book in (values_book, formula_book))
        for number, (values, formulas) in enumerate(zip(shown, written, strict=False), start=1):
            cells = []
            for at, (value, formula) in enumerate(zip(values, formulas, strict=False)):
                if value is None and formula is not None:  # a formula with no saved value
                    value = formula if isinstance(formula, str) else getattr(formula, "text", "")
                    unsaved.append((number, at))
                # Measured before anything is copied: many cells may name one huge string.
                if isinstance(value, str) and len(value) > MAX_CELL:
                    raise FileRefused(_too_long(number))
                cells.append(cell_text(value))
            if any("\x00" in cell for cell in cells):  # PostgreSQL refuses to store one
                raise FileRefused(UNREADABLE)
            yield number, cells
    except FileRefused:
        raise
    except Exception:  # a sheet damaged halfway
        raise FileRefused(UNREADABLE) from None
    finally:
        values_book.close()
        formula_book.close()


def _open_book(data: bytes, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception:  # a damaged or foreign zip fails in many ways
        raise FileRefused(UNREADABLE) from None


def _sheet_rows(book: Any) -> Iterator[tuple[Any, ...]]:
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # the size a file states may be wrong: read what is there
    return sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS, values_only=True)


def _check_zip(data: bytes) -> None:
    """Refuse a zip that unpacks to far more than it weighs (a zip bomb) before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused(UNREADABLE) from None
    if len(parts) > 1000 or sum(part.file_size for part in parts) > MAX_UNPACKED:
        raise FileRefused(UNREADABLE)


def cell_text(value: Any) -> str:
    """A sheet's cell as the text a person would read in it: a whole number without ``.0``,
    a date as ISO ``2025-09-01``, true and false as ``yes`` and ``no``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()
