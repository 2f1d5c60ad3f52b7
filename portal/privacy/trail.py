"""The audit trail on the readable copy, a page at a time (ADR 0041).

Every read of a young person's data is logged, and the copy lists the log: each visit makes
the trail longer, without end. The readable page therefore shows the newest events and links
to older ones by key; the file (``/my/copy.json``) always holds every event. Each enrolment's
events are read newest first through the index on (client, id), at most a page of them, so a
page costs the same however long the trail has grown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Select, Table, select, union_all

from portal.app.extensions import db
from portal.app.pagination import MAX_ID

#: Events shown on one page of the readable copy.
PAGE_SIZE = 25


@dataclass(frozen=True)
class TrailKey:
    """Where a page starts: ``enrolment``'s events older than ``before``, then the events of
    the person's earlier enrolments. The first page starts above every key."""

    enrolment: int = MAX_ID
    before: int = MAX_ID

    def __str__(self) -> str:
        return f"{self.enrolment}-{self.before}"

    @classmethod
    def parse(cls, text: str | None) -> TrailKey:
        """The key of a link to older events; a missing or nonsense key gives the first page."""
        try:
            enrolment, before = (int(part) for part in (text or "").split("-"))
        except ValueError:
            return cls()
        if not (0 < enrolment <= MAX_ID and 0 < before <= MAX_ID):
            return cls()
        return cls(enrolment, before)


def trail_statement(
    table: Table, owner: str, columns: Sequence[Column], enrolments: Iterable[int], key: TrailKey
) -> Select | None:
    """The read of one page (and one row more) of ``table``'s rows of the person's
    ``enrolments`` (``owner`` names the client column), newest enrolment and newest row
    first; None when no enrolment is left from the key on.

    A UNION ALL of one keyed, limited read for each enrolment (a person has a few), so that
    each is a range read of the index on (client, id) and nothing sorts the whole trail.
    """
    (key_column,) = table.primary_key.columns
    client = table.c[owner]
    branches: list[Select] = []
    for enrolment in sorted((e for e in enrolments if e <= key.enrolment), reverse=True):
        branch = select(*columns).where(client == enrolment)
        if enrolment == key.enrolment:
            branch = branch.where(key_column < key.before)
        branches.append(branch.order_by(key_column.desc()).limit(PAGE_SIZE + 1))
    if len(branches) < 2:
        return branches[0] if branches else None
    both = union_all(*(select(branch.subquery()) for branch in branches)).subquery()
    return (
        select(both)
        .order_by(both.c[owner].desc(), both.c[key_column.name].desc())
        .limit(PAGE_SIZE + 1)
    )


def trail_page(
    table: Table, owner: str, columns: Sequence[Column], enrolments: Iterable[int], key: TrailKey
) -> tuple[list[dict[str, Any]], TrailKey | None]:
    """One page of the trail (see :func:`trail_statement`) and the key of the next page."""
    statement = trail_statement(table, owner, columns, enrolments, key)
    if statement is None:
        return [], None
    rows = [dict(row._mapping) for row in db.session.execute(statement)]
    if len(rows) <= PAGE_SIZE:
        return rows, None
    (key_column,) = table.primary_key.columns
    last = rows[PAGE_SIZE - 1]
    return rows[:PAGE_SIZE], TrailKey(last[owner], last[key_column.name])
