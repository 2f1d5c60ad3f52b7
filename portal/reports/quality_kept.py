"""The data-quality checks kept per participant (docs/adr/0046).

Evaluating fifteen checks over every participant took seconds at 100,000 young people, on each
visit of the data-quality page. Each participant's checks are kept as a row of
``client_checks`` instead, rewritten

- in the same transaction as any change to what the checks read: ``portal.reports.kept``
  notes the participant of every client, sensitive-data, outcome and follow-up row written,
  and the rows of the noted participants are rewritten at the end of the flush;
- on the day a check may change with the date alone (a follow-up falls overdue, an entry or
  exit date stops being in the future): the row keeps that day (``valid_until``) and the
  readers rewrite the rows whose day has come (:func:`catch_up`) before they read;
- after bulk writes that skip the ORM (the synthetic data, the retention run), by the writer
  (:func:`refresh`), and on demand with ``flask reports refresh-quality``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    BindParameter,
    Date,
    Select,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    type_coerce,
)

from portal.app import clock
from portal.app.choices import ShortList
from portal.app.extensions import db
from portal.app.sql import date_plus, earliest_day, upsert
from portal.models import Client, ClientChecks, ClientSensitive, FollowUp, Outcome
from portal.reports import kept, quality_counts
from portal.reports.quality_checks import check_columns, flag

NOTED = "quality_clients"


def _valid_until(today: date) -> Any:
    """The first day after ``today`` on which a check of the participant may change with the
    date alone: a future entry or exit date arrives, an open follow-up falls overdue."""
    entry = case((Client.entry_date > today, Client.entry_date))
    exit_ = (
        select(func.min(Outcome.on))
        .where(Outcome.client_id == Client.id, Outcome.on > today)
        .scalar_subquery()
    )
    due = (
        select(func.min(FollowUp.due_date))
        .where(FollowUp.client_id == Client.id, FollowUp.result == "", FollowUp.due_date >= today)
        .scalar_subquery()
    )
    return earliest_day(entry, exit_, date_plus(due, literal(1)))


Ids = Select | list[int] | None


def computed(today: date | BindParameter, ids: Ids = None) -> Select:
    """The rows of ``client_checks`` as of ``today`` (a day, or a parameter for one), of the
    participants ``ids`` (all when None); anonymised participants have none."""
    columns = check_columns(today)
    query = (
        select(
            Client.id.label("client_id"),
            Client.project_id,
            func.coalesce(Client.coach_id, 0).label("coach_key"),
            (today if isinstance(today, BindParameter) else literal(today, Date)).label(
                "checked_on"
            ),
            type_coerce(_valid_until(today), Date).label("valid_until"),
            *(func.coalesce(column, 0).label(key) for key, column in columns.items()),
        )
        .outerjoin(ClientSensitive, ClientSensitive.client_id == Client.id)
        .where(Client.anonymised_at.is_(None))
    )
    if ids is not None:
        query = query.where(Client.id.in_(ids))
    inner = query.subquery("computed")
    problems = sum((flag(inner.c[k] != 0) for k in columns), literal(0))
    # SQLite reads "INSERT ... SELECT ... ON CONFLICT" only with a WHERE before the ON.
    return select(inner, problems.label("problems")).where(true())


def _gone(ids: Ids):
    """The rows of participants no longer there, or anonymised."""
    kept = ClientChecks.__table__
    present = exists().where(Client.id == kept.c.client_id, Client.anonymised_at.is_(None))
    statement = delete(kept).where(~present)
    return statement if ids is None else statement.where(kept.c.client_id.in_(ids))


#: The day the checks of a statement built once are counted as of.
DAY = bindparam("quality_day", type_=Date)


def _some(ids: list[int], today: date, bind: Any) -> None:
    """:func:`refresh` of a list of participants, with statements built once (``kept.built``):
    the old rows off the counts (locked first on PostgreSQL), the new rows, the new counts."""
    statements = [
        ("take_off", lambda: quality_counts.moved(kept.IDS, -1)),
        ("rows", lambda: upsert(ClientChecks.__table__, computed(DAY, kept.IDS), ["client_id"])),
        ("gone", lambda: _gone(kept.IDS)),
        ("add", lambda: quality_counts.moved(kept.IDS, 1)),
    ]
    if db.engine.dialect.name == "postgresql":
        statements.insert(0, ("lock", lambda: quality_counts.lock(kept.IDS)))
    params = {kept.IDS.key: ids, DAY.key: today}
    for name, build in statements:
        bind.execute(kept.built(f"quality:{name}", build), params)


def refresh(ids: Ids = None, today: date | None = None, bind: Any = None) -> None:
    """Rewrite the rows of the participants ``ids`` (client ids or a SELECT of them; all when
    None) as of ``today``, and the counts, through ``bind`` (the session by default; not
    committed)."""
    bind = bind if bind is not None else db.session
    today = today or clock.today()
    if isinstance(ids, list | tuple):
        _some(list(ids), today, bind)
        return
    if ids is not None:
        quality_counts.take_off(ids, bind)
    bind.execute(upsert(ClientChecks.__table__, computed(today, ids), ["client_id"]))
    bind.execute(_gone(ids))
    if ids is None:
        quality_counts.rebuild(bind)
    else:
        quality_counts.add(ids, bind)


def _stale(today: date) -> Select:
    """The participants whose row's day has come (or was written on a later day than today,
    when the clock was set back)."""
    kept = ClientChecks.__table__
    return select(kept.c.client_id).where(
        or_(kept.c.valid_until <= today, kept.c.checked_on > today)
    )


def stale_lists(today: date) -> tuple[ShortList, ShortList]:
    """Whether any row is stale, as two short lists of at most one row, to read beside others:
    each one range of an index."""
    kept = ClientChecks.__table__
    return (
        ShortList(
            select(kept.c.client_id).where(kept.c.valid_until <= today), (kept.c.valid_until,), 1
        ),
        ShortList(
            select(kept.c.client_id).where(kept.c.checked_on > today), (kept.c.checked_on,), 1
        ),
    )


def catch_up(today: date) -> None:
    """Rewrite the rows whose day has come, and commit; nothing is written when none has."""
    stale = list(db.session.scalars(_stale(today)))
    if stale:
        refresh(stale, today)
        db.session.commit()


def _forget(ids: list[int], bind: Any) -> None:
    """Participants about to be deleted leave the counts, and their rows go."""
    quality_counts.take_off(ids, bind)
    bind.execute(delete(ClientChecks).where(ClientChecks.client_id.in_(ids)))


kept.keep(kept.Keeper("quality", lambda ids, bind: refresh(ids, bind=bind), _forget))
