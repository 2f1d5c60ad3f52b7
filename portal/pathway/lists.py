"""Several short lists of one client's records, of different kinds, in one statement.

A client's page shows many small lists (consents, checkpoints, follow-ups...), each of its own
table. :func:`several` reads them with one UNION ALL: one SELECT a list, in which each kind's
columns have places of their own in the row (NULL in the other lists' rows), and the rows come
back as the mapped objects the session holds, each list in its own order (ADR 0032).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, cast, func, literal_column, null, select, union_all
from sqlalchemy.orm import aliased

from portal.app.extensions import db
from portal.models import Checkpoint, JobSearchActivity


@dataclass(frozen=True)
class Listing:
    """The rows of ``entity`` (a mapped class of one table, whose attributes are its
    columns) that ``where`` selects, sorted by ``order_by``."""

    entity: type
    where: ColumnElement[bool]
    order_by: tuple[ColumnElement, ...]


def _statement(listings: Sequence[Listing]) -> Select:
    """The first SELECT casts its NULLs to each place's type, so that SQLite and PostgreSQL
    agree on the columns' types; ``row_number()`` keeps each list's order."""
    kinds = [listing.entity for listing in listings]
    if len(set(kinds)) != len(kinds):
        raise ValueError("one listing a mapped class: its columns have one place in the row")
    places = [
        [(f"t{i}_{k}", column) for k, column in enumerate(kind.__table__.columns)]
        for i, kind in enumerate(kinds)
    ]
    branches = []
    for i, listing in enumerate(listings):
        cells = [
            column.label(label)
            if j == i
            else (cast(null(), column.type) if i == 0 else null()).label(label)
            for j, block in enumerate(places)
            for label, column in block
        ]
        number = func.row_number().over(order_by=list(listing.order_by))
        branches.append(
            select(literal_column(str(i)).label("part"), number.label("n"), *cells).where(
                listing.where
            )
        )
    rows = union_all(*branches).subquery()
    return select(rows.c.part, *[aliased(kind, rows) for kind in kinds]).order_by(
        rows.c.part, rows.c.n
    )


def several(key: str, listings: Callable[[], Sequence[Listing]], **params: Any) -> list[list]:
    """The rows of each of ``listings()``, in one statement. The statement is built once per
    app under ``key`` (building it costs more than running it), so the listings' conditions
    take their values as bound parameters (``bindparam("client_id")``), given in ``params``."""
    built = current_app.extensions.setdefault("portal.pathway.lists", {})
    if key not in built:
        chosen = listings()
        built[key] = (len(chosen), _statement(chosen))
    count, statement = built[key]
    found: list[list] = [[] for _ in range(count)]
    for row in db.session.execute(statement, params):
        part = int(row[0])
        found[part].append(row[part + 1])
    return found


def checkpoints_and_job_searches(client_id: ColumnElement) -> list[Listing]:
    """The client's Check Points, newest first, and job-search entries, latest first: both the
    coach's client page and the young person's start page list them."""
    return [
        Listing(Checkpoint, Checkpoint.client_id == client_id, (Checkpoint.opened_at.desc(),)),
        Listing(
            JobSearchActivity,
            JobSearchActivity.client_id == client_id,
            (JobSearchActivity.on.desc(), JobSearchActivity.id.desc()),
        ),
    ]
