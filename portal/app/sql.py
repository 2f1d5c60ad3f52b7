"""SQL constructs that each dialect writes its own way."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Insert, Select, String, Table, func, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from portal.app.extensions import db


class date_plus(FunctionElement):
    """``day + days`` as a date, in the dialect's own date arithmetic."""

    type = Date()
    inherit_cache = True


@compiles(date_plus)
def _date_plus(element, compiler, **kw):
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} + {compiler.process(days, **kw)})"


@compiles(date_plus, "sqlite")
def _date_plus_sqlite(element, compiler, **kw):
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '+' || {compiler.process(days, **kw)} || ' days')"


class unindexed(ColumnElement):
    """A column's value, written so that SQLite does not choose an index on it (``+column``).

    For a probe of one client's rows that also limits a date or a status: SQLite, seeing that
    condition, may walk everybody's rows by it instead of the client's own by their index.
    PostgreSQL plans these well and gets the column as it is."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement) -> None:
        self.column = column
        self.type = column.type


@compiles(unindexed)
def _unindexed(element, compiler, **kw):
    return compiler.process(element.column, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.column, **kw)}"


class json_elements(FunctionElement):
    """The elements of the JSON array ``document[key]``, as a table-valued function whose
    column ``value`` is each element: ``json_elements(column, "steps").table_valued("value")``,
    joined ``ON true`` after the table it reads from."""

    inherit_cache = True


@compiles(json_elements)
def _json_elements(element, compiler, **kw):
    document, key = list(element.clauses)
    return (
        f"json_array_elements({compiler.process(document, **kw)} -> {compiler.process(key, **kw)})"
    )


@compiles(json_elements, "sqlite")
def _json_elements_sqlite(element, compiler, **kw):
    document, key = list(element.clauses)
    path = f"'$.\"' || {compiler.process(key, **kw)} || '\"'"
    return f"json_each({compiler.process(document, **kw)}, {path})"


class json_text(FunctionElement):
    """``document[key]`` of a JSON object as text (NULL when missing or null); ``key`` may be
    a column or a SQL expression."""

    type = String()
    inherit_cache = True


@compiles(json_text)
def _json_text(element, compiler, **kw):
    document, key = list(element.clauses)
    return f"({compiler.process(document, **kw)} ->> {compiler.process(key, **kw)})"


@compiles(json_text, "sqlite")
def _json_text_sqlite(element, compiler, **kw):
    document, key = list(element.clauses)
    return (
        f"CAST(json_extract({compiler.process(document, **kw)}, "
        f"'$.\"' || {compiler.process(key, **kw)} || '\"') AS TEXT)"
    )


def upsert(table: Table, rows: Select, keys: list[str], adding: bool = False) -> Insert:
    """``INSERT INTO table SELECT rows``, a row whose ``keys`` are taken updated instead: its
    other columns set to the new row's, or (``adding``) increased by them. On SQLite the
    SELECT needs a WHERE clause (``INSERT ... SELECT ... ON CONFLICT`` is ambiguous without)."""
    names = [c.name for c in rows.selected_columns]
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).from_select(names, rows)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={
            name: (table.c[name] + new[name]) if adding else new[name]
            for name in names
            if name not in keys
        },
    )


#: Later than any real date: stands for "none" where the earliest of several days is taken.
NEVER = date(9999, 12, 31)


def earliest_day(*days: Any) -> Any:
    """SQL: the earliest of the days, NULL ones left out (NULL when all are)."""
    if db.engine.dialect.name == "postgresql":
        return func.least(*days)
    far = literal(NEVER, Date)
    return func.nullif(func.min(*(func.coalesce(d, far) for d in days)), far)


def latest_day(day: Any, floor: Any) -> Any:
    """SQL: the later of two days, neither NULL."""
    if db.engine.dialect.name == "postgresql":
        return func.greatest(day, floor)
    return func.max(day, floor)
