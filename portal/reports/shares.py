"""The columns of a young person's share of the kept figures (docs/adr/0048, 0050, 0051).

A share says where it counts (project, responsible coach, month of entry, the part of a report
and its keys) and what it adds (up to six numbers). The part whose numbers change with the date
alone (``portal.reports.figures_dated``) also says when it was counted and the first day it may
count differently; every other part leaves those two empty.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Date, Integer, String, cast, func, literal, null, type_coerce

from portal.app.extensions import db
from portal.models import Client
from portal.reports.periods import month_of

#: Where a share counts, and what it adds.
WHERE = ("project_id", "coach_key", "month", "part", "k1", "k2")
VALUES = ("v1", "v2", "v3", "v4", "v5", "v6")
#: When the young person's shares were counted, and the first day they may change by date.
DAYS = ("checked_on", "valid_until")
COLUMNS = ("client_id", *WHERE, *VALUES, *DAYS)
#: The longest part name and text key the tables hold.
PART_LENGTH, K2_LENGTH = 12, 40


def _no_day() -> Any:
    """A NULL date: typed on PostgreSQL, whose UNION would take untyped NULLs for text; not on
    SQLite, whose CAST would make a date a number."""
    return cast(null(), Date) if db.engine.dialect.name == "postgresql" else null()


def share(part: str, k1: Any, k2: Any, *values: Any, days: tuple[Any, Any] | None = None) -> list:
    """The columns of a share: the young person, where it counts, up to six values (a plugin's
    shares, ``portal_figure_shares``, select these columns from ``Client``); ``days`` only for
    the one part of the core that says when the young person's shares change by date."""
    padded = [*values, *([literal(0)] * (len(VALUES) - len(values)))]
    checked, until = days if days is not None else (_no_day(), _no_day())
    return [
        Client.id.label("client_id"),
        Client.project_id.label("project_id"),
        func.coalesce(Client.coach_id, 0).label("coach_key"),
        cast(month_of(Client.entry_date), Integer).label("month"),
        literal(part, String).label("part"),
        cast(k1, BigInteger).label("k1"),
        # At most the column's 40 characters: a longer key must not fail every write.
        func.substr(cast(k2, String), 1, K2_LENGTH).label("k2"),
        *(
            cast(func.coalesce(v, 0), BigInteger).label(name)
            for v, name in zip(padded, VALUES, strict=True)
        ),
        type_coerce(checked, Date).label("checked_on"),
        type_coerce(until, Date).label("valid_until"),
    ]


def plugin_share(part: str, k1: Any, k2: Any, *values: Any) -> list:
    """:func:`share` for a plugin's part: a plugin's figures have no day of their own."""
    return share(part, k1, k2, *values)


def part_name(query: Any) -> str | None:
    """The part a SELECT of shares writes, when it is a fixed name (as :func:`share` makes)."""
    column = query.selected_columns["part"]
    value = getattr(getattr(column, "element", None), "value", None)
    return value if isinstance(value, str) else None
