"""What each young person adds to the dashboard's figures, kept as rows, and their sums per
project, responsible coach and month of entry (docs/adr/0048).

Every figure of the dashboard is a count or a sum over the young people in view, by month of
entry: how many entered, in each state, with each outcome, in each group, coached by each
company... A young person's own share of each is counted here (:func:`shares`, the dashboard's
aggregates grouped by young person instead of by month) and kept in ``figure_rows``; the
shares are added up per (project, coach, month, part, key) in ``figure_counts``, and per
(project, month, part, key) over every coach. Whenever the
young people noted by ``portal.reports.kept`` are rewritten, their old shares are taken off the
sums and their new ones added, in the same transaction (on PostgreSQL the old rows locked
first, so that two transactions cannot take the same share off twice).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    cast,
    delete,
    func,
    inspect,
    literal,
    select,
    true,
    union_all,
)

from portal.app import clock
from portal.app.extensions import db
from portal.app.memo import once_per_request
from portal.app.sql import upsert
from portal.hooks.manager import collect
from portal.models import (
    Client,
    ClientSensitive,
    FigureCount,
    FigureRow,
    FollowUp,
    Outcome,
    OutcomeKind,
    Placement,
    group_members,
)
from portal.reports import figures_dated, kept
from portal.reports.categories import age_band, exit_result, isced, positive_outcome
from portal.reports.periods import month_of
from portal.reports.shares import COLUMNS, PART_LENGTH, VALUES, WHERE, part_name, share

log = logging.getLogger(__name__)

KEYS = list(WHERE)


def _days(start, end):
    """Whole days from ``start`` to ``end`` (dates), on SQLite and PostgreSQL alike."""
    if db.engine.dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start


def _totals(positive) -> Select:
    """Clients, immigrants, outcomes, positive ones, and the days to an outcome with the
    number of outcomes they add up."""
    imm = ClientSensitive.immigrant_background.is_(True)
    # An outcome dated before the entry is a stored mistake (``flask check-dates`` lists it);
    # counted in the average time to an outcome, it would make it negative.
    dated = Outcome.on >= Client.entry_date
    return (
        select(
            *share(
                "totals",
                literal(0),
                literal(""),
                func.count(Client.id),
                func.count(ClientSensitive.client_id).filter(imm),
                func.count(Outcome.id),
                func.count(Outcome.id).filter(positive),
                func.sum(_days(Client.entry_date, Outcome.on)).filter(dated),
                func.count(Outcome.id).filter(dated),
            )
        )
        .outerjoin(ClientSensitive, ClientSensitive.client_id == Client.id)
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .group_by(Client.id)
    )


def _by_coach(positive) -> Select:
    return (
        select(
            *share(
                "coach",
                func.coalesce(Client.coach_id, 0),
                literal(""),
                func.count(Client.id),
                func.count(Outcome.id),
                func.count(Outcome.id).filter(positive),
            )
        )
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .group_by(Client.id)
    )


def _by_state() -> Select:
    return select(*share("state", literal(0), Client.state, literal(1)))


def _by_outcome() -> Select:
    return (
        select(*share("outcome", literal(0), Outcome.kind, func.count()))
        .join(Outcome, Outcome.client_id == Client.id)
        .group_by(Client.id, Outcome.kind)
    )


def _trend(positive) -> Select:
    """By month of leaving (``k1``): those who left and those employed or studying."""
    left = cast(month_of(Outcome.on), Integer)
    return (
        select(*share("trend", left, literal(""), func.count(), func.count().filter(positive)))
        .join(Outcome, Outcome.client_id == Client.id)
        .group_by(Client.id, left)
    )


def _by_group(positive) -> Select:
    return (
        select(
            *share(
                "group",
                group_members.c.group_id,
                literal(""),
                func.count(),
                func.count(Outcome.id),
                func.count(Outcome.id).filter(positive),
            )
        )
        .join(group_members, group_members.c.client_id == Client.id)
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .group_by(Client.id, group_members.c.group_id)
    )


def _trained() -> Select:
    """Each company that coached the young person, once."""
    return (
        select(*share("trainee", Placement.company_id, literal(""), literal(1)))
        .join(Placement, Placement.client_id == Client.id)
        .group_by(Client.id, Placement.company_id)
    )


def _hired() -> Select:
    return (
        select(*share("hire", Outcome.company_id, literal(""), func.count()))
        .join(Outcome, Outcome.client_id == Client.id)
        .where(
            Outcome.kind == OutcomeKind.EMPLOYED_COACHING_COMPANY, Outcome.company_id.is_not(None)
        )
        .group_by(Client.id, Outcome.company_id)
    )


def _follow_ups() -> Select:
    return (
        select(*share("follow", FollowUp.months, FollowUp.result, func.count()))
        .join(FollowUp, FollowUp.client_id == Client.id)
        .where(FollowUp.result != "")
        .group_by(Client.id, FollowUp.months, FollowUp.result)
    )


def _funder_parts() -> list[Select]:
    """The funder report's tables (``portal.reports.funder``): each young person once in one
    category of each (a 6-month follow-up as many times as they have)."""
    background = case(
        (ClientSensitive.immigrant_background.is_(True), literal("migrant")),
        else_=literal("not_migrant"),
    )
    result = case((Outcome.id.is_(None), literal("not_left")), else_=exit_result())
    six_months = case(
        (FollowUp.result.is_(None), literal("not_followed_up")),
        (FollowUp.result == "", literal("not_followed_up")),
        else_=FollowUp.result,
    )
    sixth = and_(FollowUp.client_id == Client.id, FollowUp.months == 6)
    return [
        select(*share("f_age", literal(0), age_band(), literal(1))),
        select(*share("f_isced", literal(0), isced(), literal(1))),
        select(*share("f_status", literal(0), Client.employment_status, literal(1))),
        select(*share("f_migrant", literal(0), background, literal(1))).outerjoin(
            ClientSensitive, ClientSensitive.client_id == Client.id
        ),
        select(*share("f_exit", literal(0), result, literal(1))).outerjoin(
            Outcome, Outcome.client_id == Client.id
        ),
        select(*share("f_six", literal(0), six_months, func.count()))
        .outerjoin(FollowUp, sixth)
        .group_by(Client.id, six_months),
    ]


def _plugin_parts() -> list[Select]:
    """The plugins' shares (``portal_figure_shares``), each of the columns :func:`share` makes
    and a part name of its own (with a dot, which the core's never have, and short enough);
    any other could not be added up with the rest, or would add to another's: logged and
    left out."""
    parts = []
    for part in collect("portal_figure_shares"):
        name = part_name(part) if tuple(c.key for c in part.selected_columns) == COLUMNS else None
        if name is not None and "." in name and len(name) <= PART_LENGTH:
            parts.append(part)
        else:
            log.error("A plugin's figure shares were left out: not the columns of share()")
    return parts


def core_shares() -> list[Select]:
    """The core's parts of every young person's shares."""
    positive = positive_outcome()
    return [
        _totals(positive),
        _by_coach(positive),
        _by_state(),
        _by_outcome(),
        _trend(positive),
        _by_group(positive),
        _trained(),
        _hired(),
        _follow_ups(),
        *_funder_parts(),
    ]


def shares(ids: Any = None) -> Select:
    """Every share of the young people ``ids`` (client ids, a SELECT of them or a bound
    parameter; all when None), as rows of ``figure_rows``: the core's and the plugins'. Run
    it with :func:`day_values`."""
    parts = [*core_shares(), *figures_dated.parts(), *_plugin_parts()]
    # A record merged into another counts through that one (ADR 0056).
    parts = [part.where(Client.merged_into_id.is_(None)) for part in parts]
    if ids is not None:
        parts = [part.where(Client.id.in_(ids)) for part in parts]
    return union_all(*parts)


day_values = figures_dated.day_values

IDS = kept.IDS


def _built(name: str, build: Callable[[], Any]) -> Any:
    return kept.built(f"figures:{name}", build)


#: The ``coach_key`` of the sums over every coach of a project, which whole projects read.
EVERY_COACH = -1


def _sums(ids: Any, sign: int, every_coach: bool = False, names: Any = None) -> Select:
    """The kept shares of ``ids`` (all when None) added up where they count, times ``sign``;
    over every coach of the project (``EVERY_COACH``) when ``every_coach``; only the parts
    ``names`` when given."""
    rows = FigureRow.__table__
    keys = [rows.c[k] for k in WHERE if not (every_coach and k == "coach_key")]
    coach = literal(EVERY_COACH).label("coach_key") if every_coach else rows.c.coach_key
    query = select(
        *(coach if k == "coach_key" else rows.c[k] for k in WHERE),
        *((sign * func.sum(rows.c[v])).label(v) for v in VALUES),
    )
    query = query.where(true() if ids is None else rows.c.client_id.in_(ids))
    if names is not None:
        query = query.where(rows.c.part.in_(names))
    return query.group_by(*keys)


def _move(ids: Any, sign: int, bind: Any, names: Any = None) -> None:
    """Add (``sign`` 1) or take off (-1) the shares of ``ids`` to the sums, per coach and over
    every coach."""
    for every_coach in (False, True):
        query = _sums(ids, sign, every_coach, names)
        bind.execute(upsert(FigureCount.__table__, query, KEYS, adding=True))


def _move_some(ids: list[int], sign: int, bind: Any) -> None:
    """:func:`_move` for a list of young people, with statements built once."""
    for every_coach in (False, True):
        query = _built(
            f"move:{sign}:{every_coach}",
            lambda c=every_coach: upsert(
                FigureCount.__table__, _sums(IDS, sign, c), KEYS, adding=True
            ),
        )
        bind.execute(query, {IDS.key: ids})


def refresh(ids: Any = None, bind: Any = None) -> None:
    """Rewrite the shares of ``ids`` (client ids or a SELECT of them; all when None) and move
    the sums, through ``bind`` (the session by default; not committed)."""
    bind = bind if bind is not None else db.session
    rows = FigureRow.__table__
    days = day_values(clock.today())
    if ids is None:
        bind.execute(delete(FigureCount.__table__))
        bind.execute(delete(rows))
        bind.execute(rows.insert().from_select(COLUMNS, shares()), days)
        _move(None, 1, bind)
        return
    if not isinstance(ids, list | tuple):
        forget(ids, bind)
        bind.execute(rows.insert().from_select(COLUMNS, shares(ids)), days)
        _move(ids, 1, bind)
        return
    ids = list(ids)
    forget(ids, bind)
    insert = _built("insert", lambda: rows.insert().from_select(COLUMNS, shares(IDS)))
    bind.execute(insert, {IDS.key: ids, **days})
    _move_some(ids, 1, bind)


def rewrite(names: tuple[str, ...], parts: list[Select], bind: Any) -> None:
    """Every young person's shares of the parts ``names`` rewritten from ``parts`` (SELECTs
    of shares), their sums with them: for a migration, which knows only the parts of its own
    revision (another plugin's may read columns its migrations have not added yet), and
    writes only the columns the table has at that revision. No ``parts``: the parts are gone
    (a downgrade)."""
    rows = FigureRow.__table__
    bind.execute(delete(FigureCount.__table__).where(FigureCount.part.in_(names)))
    bind.execute(delete(rows).where(rows.c.part.in_(names)))
    if parts:
        present = {column["name"] for column in inspect(bind).get_columns(rows.name)}
        found = union_all(*parts).subquery()
        columns = [name for name in COLUMNS if name in present]
        query = select(*(found.c[name] for name in columns))
        bind.execute(rows.insert().from_select(columns, query), day_values(clock.today()))
        _move(None, 1, bind, names)


def catch_up(today: date) -> None:
    """Rewrite the shares of the young people whose dated shares' day has come (or that were
    counted on a later day), and commit; nothing is written when there are none. Looked for
    again once the writer's turn is taken: the first readers of a day may all have found the
    same young people, and only the first rewrites them."""
    stale = once_per_request(("figures due", today), lambda: _stale(today))
    if not stale:
        return
    kept.take_turn(db.session)
    stale = _stale(today) if db.engine.dialect.name == "postgresql" else stale
    for start in range(0, len(stale), kept.CHUNK):
        refresh(stale[start : start + kept.CHUNK])
    db.session.commit()


def _stale(today: date) -> list[int]:
    return sorted(set(db.session.scalars(figures_dated.stale(today))))


def forget(ids: Any, bind: Any) -> None:
    """Take the kept shares of ``ids`` (a list, or a SELECT of them) off the sums (their rows
    locked first on PostgreSQL), and delete them."""
    rows = FigureRow.__table__
    some = isinstance(ids, list | tuple)
    which = IDS if some else ids
    params = {IDS.key: list(ids)} if some else {}

    def built(name: str, build: Callable[[], Any]) -> Any:
        return _built(name, build) if some else build()

    if db.engine.dialect.name == "postgresql":
        lock = built(
            "lock", lambda: select(rows.c.id).where(rows.c.client_id.in_(which)).with_for_update()
        )
        bind.execute(lock, params)
    if some:
        _move_some(params[IDS.key], -1, bind)
    else:
        _move(ids, -1, bind)
    bind.execute(built("delete", lambda: delete(rows).where(rows.c.client_id.in_(which))), params)


kept.keep(kept.Keeper("figures", refresh, forget))
