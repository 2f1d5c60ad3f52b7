"""The worklist by person: one row per young person, the most urgent first, a page at a time.

The items of every kind (``portal.worklist.sources``) are unioned, the user's own done and
snooze marks joined, and each person's count, late count and first due day aggregated in SQL;
the page is read by key on (first due day, client id). Then one statement reads the items of
the persons shown, and the plugins' risk signals are asked for those persons only. The
statement count does not grow with the caseload.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import (
    BindParameter,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.exc import DBAPIError

from portal.app.extensions import db
from portal.hooks.types import RiskSignal
from portal.models import Client, MarkState, PathwayState, WorklistMark, group_members
from portal.pathway import plugin_risks
from portal.pathway.plugin_risks import plugin_risk_signals
from portal.worklist.sources import all_items

log = logging.getLogger(__name__)

PAGE_SIZE = 25
SHOW = ("open", "done", "snoozed")


@dataclass(frozen=True)
class Item:
    kind: str
    item_id: int
    ref_id: int
    due: date
    agreed: bool
    note: str
    mark: str | None = None
    until: date | None = None

    def status(self, today: date) -> str:
        """``done``, ``snoozed``, ``late``, ``agreed`` (a day agreed with others) or ``due``."""
        if self.mark == MarkState.DONE:
            return "done"
        if self.mark == MarkState.SNOOZED and self.until and self.until > today:
            return "snoozed"
        if self.due < today:
            return "late"
        return "agreed" if self.agreed else "due"


@dataclass
class PersonRow:
    client: Client
    first_due: date
    count: int
    late: int
    items: list[Item] = field(default_factory=list)
    signals: list[RiskSignal] = field(default_factory=list)

    def status(self, today: date) -> str:
        """The most urgent status of the person's items."""
        statuses = {item.status(today) for item in self.items}
        for status in ("late", "due", "agreed", "snoozed", "done"):
            if status in statuses:
                return status
        return "due"


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    group_id: int | None = None
    show: str = "open"


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after this person's (first due day, client id)."""

    due: date
    client_id: int

    def __str__(self) -> str:
        return f"{self.due.isoformat()}.{self.client_id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor in a URL, or None for anything that is not one (the first page)."""
        day, _, cid = (text or "").partition(".")
        try:
            return cls(date.fromisoformat(day), int(cid)) if 0 < int(cid) < 2**31 else None
        except ValueError:
            return None


@dataclass
class Page:
    rows: list[PersonRow]
    next: Cursor | None


def _marks(user_id: int | BindParameter):
    return select(WorklistMark).where(WorklistMark.user_id == user_id).subquery("marks")


def _shown(items, marks, filters: Filters, today: date):
    """The conditions that keep an item on the page: its mark, its kind."""
    snoozed = and_(marks.c.state == MarkState.SNOOZED, marks.c.until > today)
    by_mark = {
        "open": or_(marks.c.id.is_(None), and_(marks.c.state == MarkState.SNOOZED, ~snoozed)),
        "done": marks.c.state == MarkState.DONE,
        "snoozed": snoozed,
    }[filters.show]
    return and_(by_mark, items.c.kind.in_(filters.kinds)) if filters.kinds else by_mark


def _joined(items, marks):
    return items.outerjoin(
        marks, and_(marks.c.kind == items.c.kind, marks.c.item_id == items.c.item_id)
    )


def _scope(client_ids: Select, filters: Filters) -> Select:
    if filters.group_id is None:
        return client_ids
    return select(group_members.c.client_id).where(
        group_members.c.group_id == filters.group_id, group_members.c.client_id.in_(client_ids)
    )


def _wants_plugin_signals(filters: Filters) -> bool:
    return filters.show == "open" and (not filters.kinds or "plugin_signal" in filters.kinds)


def _by_client(signals: list[RiskSignal]) -> dict[int, list[RiskSignal]]:
    found: dict[int, list[RiskSignal]] = {}
    for signal in signals:
        found.setdefault(signal.client_id, []).append(signal)
    return found


def plugin_signals(client_ids: Select, filters: Filters, today: date) -> dict[int, list]:
    """The plugins' risk signals for the clients, by client id: every plugin's queries in
    one statement for the whole set (``portal.pathway.plugin_risks``)."""
    if not _wants_plugin_signals(filters):
        return {}
    return _by_client(plugin_risk_signals(_scope(client_ids, filters), today))


def worklist_page(
    user_id: int, client_ids: Select, filters: Filters, after: Cursor | None, today: date
) -> Page:
    """One page of persons with something to do, most urgent first."""
    signals = plugin_signals(client_ids, filters, today)
    # The scope once, as a common table expression, not re-derived in each source.
    scope = _scope(client_ids, filters).cte("scope")
    items = all_items(select(scope.c[0]), today, list(signals))
    marks = _marks(user_id)
    people = (
        select(
            items.c.client_id,
            func.min(items.c.due).label("first_due"),
            func.count().label("n"),
            func.sum(case((items.c.due < today, 1), else_=0)).label("late"),
        )
        .select_from(_joined(items, marks))
        .where(_shown(items, marks, filters, today))
        .group_by(items.c.client_id)
        .subquery("people")
    )
    query = select(Client, people.c.first_due, people.c.n, people.c.late).join(
        people, people.c.client_id == Client.id
    )
    if after is not None:
        query = query.where(
            or_(
                people.c.first_due > after.due,
                and_(people.c.first_due == after.due, Client.id > after.client_id),
            )
        )
    found = db.session.execute(
        query.order_by(people.c.first_due, Client.id).limit(PAGE_SIZE + 1)
    ).all()
    rows = [PersonRow(c, due, n, late or 0) for c, due, n, late in found[:PAGE_SIZE]]
    more = len(found) > PAGE_SIZE
    _fill(rows, user_id, filters, today, signals)
    last = rows[-1] if rows else None
    return Page(rows, Cursor(last.first_due, last.client.id) if more and last else None)


def _fill(
    rows: list[PersonRow],
    user_id: int,
    filters: Filters,
    today: date,
    signals: dict[int, list[RiskSignal]],
) -> None:
    """The items of the persons shown (one statement) and their plugins' risk signals."""
    if not rows:
        return
    by_id = {row.client.id: row for row in rows}
    ids = select(Client.id).where(Client.id.in_(list(by_id)))
    for r in _shown_items(user_id, ids, filters, today):
        by_id[r.client_id].items.append(_item(r))
    for row in rows:
        if row.client.state != PathwayState.CHECKPOINT:
            row.signals = signals.get(row.client.id, [])


#: The ``kind`` of the rows that carry the plugins' signals beside a client's items.
SIGNAL_ROW = "plugin_signal_row"


def client_items(user_id: int, client_id: int, today: date) -> tuple[list[Item], list[RiskSignal]]:
    """One client's open items and the plugins' risk signals, as the worklist shows them to
    ``user_id``: one statement for both (the signals' rows, ``SIGNAL_ROW``, beside the items
    in a UNION ALL), and one for each plugin still answering ``portal_risk_signals``."""
    ids = select(Client.id).where(Client.id == client_id)
    older = plugin_risks.older_signals(ids, today)
    queries, statement = _client_statement(today)
    params = {"client_id": client_id, "viewer_id": user_id}
    try:
        found = db.session.execute(statement, params).all()
    except DBAPIError:  # a plugin's query failed: each query on its own, then the items
        log.exception("The risk signal queries failed with the items of client %s", client_id)
        signals_found = plugin_risks.run_each(queries, params)
        items = _shown_items(user_id, ids, Filters(), today)
        return [_item(r) for r in items], [*signals_found, *older]
    rows = [(r.item_id, r.client_id, r.ref_id) for r in found if r.kind == SIGNAL_ROW]
    items = [_item(r) for r in found if r.kind != SIGNAL_ROW]
    return items, [*plugin_risks.as_signals(queries, rows), *older]


#: :func:`client_items`'s statement, kept per day: building it costs several times more than
#: running it, so it is built once with the client and the viewer as parameters.
CLIENT_STATEMENT = "portal.worklist.client_statement"


def _client_statement(today: date) -> tuple[list[plugin_risks.Declared], Select]:
    """The plugins' queries and the statement of one client's items and signals for
    ``today``, with the parameters ``client_id`` and ``viewer_id``."""
    kept: dict[date, tuple] = current_app.extensions.setdefault(CLIENT_STATEMENT, {})
    if today not in kept:
        kept.clear()
        kept[today] = _build_client_statement(today)
    return kept[today]


def _build_client_statement(today: date) -> tuple[list[plugin_risks.Declared], Select]:
    ids = select(Client.id).where(Client.id == bindparam("client_id", type_=Integer))
    items = _shown_query(bindparam("viewer_id", type_=Integer), ids, Filters(), today)
    queries = plugin_risks.declared(ids, today)
    if not queries:
        return queries, _ordered(items)
    signals = plugin_risks.rows(queries).subquery("signal_rows")
    beside = select(
        signals.c.client_id,
        literal(SIGNAL_ROW, String),
        signals.c.part,
        signals.c.n,
        literal(today, Date),
        literal(False),
        null(),
        null(),
        null(),
    )
    both = union_all(items, beside).subquery("found")
    return queries, select(both).order_by(both.c.due, both.c.kind, both.c.item_id)


def _shown_query(
    user_id: int | BindParameter, ids: Select, filters: Filters, today: date
) -> Select:
    """The items of the clients ``ids`` that ``user_id`` sees with ``filters``, with the
    user's own marks."""
    items = all_items(ids, today)
    marks = _marks(user_id)
    return (
        select(items, marks.c.state, marks.c.until)
        .select_from(_joined(items, marks))
        .where(_shown(items, marks, filters, today))
    )


def _ordered(query: Select) -> Select:
    """Most urgent first."""
    columns = query.selected_columns
    return query.order_by(columns.due, columns.kind, columns.item_id)


def _shown_items(user_id: int, ids: Select, filters: Filters, today: date) -> list:
    """:func:`_shown_query`, most urgent first: one statement."""
    return db.session.execute(_ordered(_shown_query(user_id, ids, filters, today))).all()


def _item(r) -> Item:
    return Item(r.kind, r.item_id, r.ref_id, r.due, bool(r.agreed), r.note or "", r.state, r.until)


def find_item(client_ids: Select, kind: str, item_id: int, today: date) -> tuple[int, Item] | None:
    """The client id and the item ``kind``/``item_id`` if it is on the worklist of one of
    ``client_ids`` now, marked or not: one statement."""
    items = all_items(client_ids, today)
    row = db.session.execute(
        select(items).where(items.c.kind == kind, items.c.item_id == item_id).limit(1)
    ).first()
    if row is None:
        return None
    return row.client_id, Item(
        row.kind, row.item_id, row.ref_id, row.due, bool(row.agreed), row.note or ""
    )
