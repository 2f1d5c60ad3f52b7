"""The data-quality counts per project and responsible coach, kept with the checks' rows.

Whenever ``portal.reports.quality_kept`` rewrites some participants' rows, their old rows are
taken off the counts of their (project, coach) and their new rows added to their new one, in
the same transaction; a rewrite of everyone rebuilds the counts. On PostgreSQL the old rows are
locked first, so that two transactions rewriting the same participant cannot both take the same
old row off. A view of whole projects (the admin's, a project manager's, the command's) reads
these few rows instead of every participant's (docs/adr/0046).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, func, literal, select, true

from portal.app.extensions import db
from portal.app.sql import upsert
from portal.models import CheckCounts, ClientChecks
from portal.models.quality import Checks
from portal.reports.quality_checks import flag

KEYS = ["project_id", "coach_key"]


def check_names() -> list[str]:
    """The checks' columns, as the kept rows and the counts both name them."""
    return list(Checks.__annotations__)


def _sums(ids: Any, sign: int) -> Select:
    """The kept rows of ``ids`` (all when None) added up per (project, coach), times ``sign``."""
    kept = ClientChecks.__table__
    query = select(
        kept.c.project_id,
        kept.c.coach_key,
        (sign * func.count()).label("participants"),
        (sign * func.sum(flag(kept.c.problems > 0))).label("with_problems"),
        *((sign * func.sum(flag(kept.c[k] != 0))).label(k) for k in check_names()),
    )
    query = query.where(true() if ids is None else kept.c.client_id.in_(ids))
    return query.group_by(kept.c.project_id, kept.c.coach_key)


def moved(ids: Any, sign: int) -> Any:
    """The statement that adds (``sign`` 1) or takes off (-1) the rows of ``ids``."""
    return upsert(CheckCounts.__table__, _sums(ids, sign), KEYS, adding=True)


def lock(ids: Any) -> Select:
    """The current rows of ``ids``, locked (on PostgreSQL, before they are taken off)."""
    kept = ClientChecks.__table__
    return select(kept.c.client_id).where(kept.c.client_id.in_(ids)).with_for_update()


def take_off(ids: Any, bind: Any) -> None:
    """Take the current rows of ``ids`` off the counts, locking them on PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        bind.execute(lock(ids))
    bind.execute(moved(ids, -1))


def add(ids: Any, bind: Any) -> None:
    bind.execute(moved(ids, 1))


def rebuild(bind: Any) -> None:
    """The counts anew from every kept row."""
    bind.execute(delete(CheckCounts.__table__))
    bind.execute(upsert(CheckCounts.__table__, _sums(None, 1), KEYS, adding=True))


def counts(project_ids: list[int] | None, coach_id: int | None) -> Select:
    """Per coach (0: no coach) over the projects (all when None): participants, those with
    problems and each check's count, as ``portal.reports.quality`` lists them."""
    table = CheckCounts.__table__
    query = select(
        table.c.coach_key,
        func.sum(table.c.participants).label("participants"),
        func.sum(table.c.with_problems).label("with_problems"),
        *(func.sum(table.c[k]).label(k) for k in check_names()),
    ).group_by(table.c.coach_key)
    if project_ids is not None:
        query = query.where(table.c.project_id.in_(project_ids))
    if coach_id is not None:
        query = query.where(table.c.coach_key == coach_id)
    return query.having(func.sum(table.c.participants) > literal(0))
