"""SQL constructs that each dialect writes its own way."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal


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
