"""Several queries read in one statement, each part's rows returned as its own: a report's
aggregates, a page's short lists (``portal.app.choices``).

A report counts several things over the same clients (by state, by outcome, by company...),
each a ``GROUP BY`` of its own and, read one by one, a round trip of its own. :func:`read`
reads any number of them as one ``UNION ALL``. Each part stays a subquery with its own joins,
``WHERE`` and ``GROUP BY``; each row carries its part's number, and each part's columns sit side
by side with the other parts' (a NULL of the column's type in the other parts' places), so that
no column of the union holds two types and no part's rows can be read as another's, however
alike their keys look.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, cast, literal, null, select, union_all
from sqlalchemy.types import NullType

from portal.app.extensions import db


def _null_like(column: ColumnElement) -> ColumnElement:
    """A NULL of the column's type (a bare NULL when SQLAlchemy knows no type, as for a
    SQLite-only function: SQLite needs no type and PostgreSQL takes it from the other part)."""
    if isinstance(column.type, NullType):
        return null()
    return cast(null(), column.type)


def read(*parts: Select) -> list[list[tuple[Any, ...]]]:
    """The rows of each part, in the parts' order; a row is a tuple of the part's own columns.
    One statement, whatever the number of parts. A part's ORDER BY is not kept: sort its
    rows in Python."""
    if len(parts) == 1:
        return [[tuple(row) for row in db.session.execute(parts[0]).all()]]
    subqueries = [part.subquery() for part in parts]
    slots = [column for sub in subqueries for column in sub.c]
    starts = [0]
    for sub in subqueries:
        starts.append(starts[-1] + len(sub.c))
    arms = []
    for n in range(len(subqueries)):
        own = range(starts[n], starts[n + 1])
        cells = [slot if i in own else _null_like(slot) for i, slot in enumerate(slots)]
        arms.append(
            select(literal(n).label("part"), *(c.label(f"c{i}") for i, c in enumerate(cells)))
        )
    out: list[list[tuple[Any, ...]]] = [[] for _ in parts]
    for row in db.session.execute(union_all(*arms)).all():
        n = row[0]
        out[n].append(tuple(row[1 + starts[n] : 1 + starts[n + 1]]))
    return out
