"""Short lists a page offers in its filters and pickers, read in one statement.

A form may offer the projects, the groups and the coaches to choose from: three short lists,
each a round trip of its own. :func:`load` reads any number of them as one ``UNION ALL``. Each
list keeps its own columns, side by side with the other lists' (a NULL of the column's type in
the other lists' places, so that no column of the union holds two types), its own order
(numbered within the list) and its own limit.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, func, select
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from portal.app import together
from portal.app.extensions import db


@dataclass(frozen=True)
class ShortList:
    """A list's SELECT of its columns (filtered, not ordered), its order and its limit."""

    query: Select
    order_by: tuple[ColumnElement, ...]
    limit: int | None = None

    def ordered(self) -> Select:
        return self.query.order_by(*self.order_by).limit(self.limit)


def _sort_key(term: ColumnElement) -> tuple[ColumnElement, bool]:
    """A term of an ORDER BY as (expression, descending)."""
    if isinstance(term, UnaryExpression) and term.modifier in (operators.desc_op, operators.asc_op):
        return term.element, term.modifier is operators.desc_op
    return term, False


def _numbered(spec: ShortList) -> Any:
    """The list's rows, ordered and limited first (so that an index serves its order and its
    limit as it would alone), then numbered in that order over those rows only."""
    keys = [_sort_key(term) for term in spec.order_by]
    limited = (
        spec.query.add_columns(*(expr.label(f"sort_{i}") for i, (expr, _desc) in enumerate(keys)))
        .order_by(*spec.order_by)
        .limit(spec.limit)
        .subquery()
    )
    order = [
        limited.c[f"sort_{i}"].desc() if desc else limited.c[f"sort_{i}"]
        for i, (_expr, desc) in enumerate(keys)
    ]
    own = [c for c in limited.c if not c.key.startswith("sort_")]
    return select(
        *own, func.row_number(type_=BigInteger).over(order_by=order).label("position")
    ).subquery()


@functools.lru_cache(maxsize=256)
def _shape(names: tuple[str, ...]) -> type:
    """A row's named tuple, made once per set of columns (making one compiles code)."""
    return namedtuple("Choice", names)


def load(*lists: ShortList) -> list[list[Any]]:
    """The rows of each list, in the lists' order; each row is a named tuple of the list's
    columns (``row.id``, ``row.name``...). One statement, whatever the number of lists."""
    if len(lists) == 1:
        return [list(db.session.execute(lists[0].ordered()).all())]
    numbered = [_numbered(spec) for spec in lists]
    out: list[list[Any]] = []
    for sub, rows in zip(numbered, together.read(*(select(sub) for sub in numbered)), strict=True):
        names = [c.key for c in sub.c]
        at = names.index("position")
        shape = _shape(tuple(name for name in names if name != "position"))
        out.append(
            [shape._make(row[:at] + row[at + 1 :]) for row in sorted(rows, key=itemgetter(at))]
        )
    return out
