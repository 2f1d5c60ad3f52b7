"""The plugins' risk signals, for the worklist, the client list's filter and a client's page.

A plugin declares its kinds of signal as SQL (``portal_risk_signal_queries``): the core runs
every plugin's queries in one ``UNION ALL`` statement, whose rows say which query raised a
signal for which client and with what count. A plugin that still answers with rows
(``portal_risk_signals``) costs a statement of its own, as before. A query that fails in the
database is looked for by running each on its own, so that one plugin's mistake costs only
its own signals (docs/adr/0003-hook-isolation.md, 0038).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, literal_column, select, union_all
from sqlalchemy.exc import DBAPIError

from portal.app.extensions import db
from portal.hooks.manager import collect, plugin_manager
from portal.hooks.types import RiskSignal, RiskSignalQuery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Declared:
    """A plugin's query, with the plugin's name for the log."""

    plugin: str
    signal: RiskSignalQuery


def declared(client_ids: Select, today: date) -> list[Declared]:
    """Every plugin's queries for the clients ``client_ids`` selects; a query that does not
    select exactly (client id, count) is logged and left out."""
    found = []
    answers = plugin_manager().contributions(
        "portal_risk_signal_queries", {"client_ids": client_ids, "today": today}
    )
    for plugin, signal in answers:
        if len(signal.query.selected_columns) != 2:
            log.error("Plugin %s: risk signal %s is not (client id, count)", plugin, signal.kind)
            continue
        found.append(Declared(plugin, signal))
    return found


def rows(queries: list[Declared]) -> Select:
    """(part, client_id, n): for each query (``part`` its place in ``queries``), the clients
    it raises its signal for and the count. ``queries`` must not be empty."""
    branches = []
    for part, entry in enumerate(queries):
        found = entry.signal.query.subquery(f"signal_{part}")
        client_id, n = found.c
        branches.append(
            select(
                literal_column(str(part)).label("part"),
                client_id.label("client_id"),
                n.label("n"),
            ).where(n > 0)
        )
    union = union_all(*branches).subquery("signals")
    return select(union.c.part, union.c.client_id, union.c.n)


def as_signals(queries: list[Declared], found: Iterable) -> list[RiskSignal]:
    """The rows of :func:`rows` as the signals they stand for."""
    return [
        RiskSignal(client_id, queries[part].signal.kind, queries[part].signal.message(n))
        for part, client_id, n in found
    ]


def run_each(queries: list[Declared], params: dict | None = None) -> list[RiskSignal]:
    """After the union failed: the session rolled back, each query on its own in a savepoint
    (with the ``params`` the queries were built with); the failing ones are logged with their
    plugin's name and give no signal."""
    db.session.rollback()
    signals = []
    for entry in queries:
        try:
            with db.session.begin_nested():
                found = db.session.execute(rows([entry]), params).all()
        except DBAPIError:
            log.exception("Plugin %s failed in risk signal %s", entry.plugin, entry.signal.kind)
            continue
        signals.extend(as_signals([entry], found))
    return signals


def run(queries: list[Declared]) -> list[RiskSignal]:
    """The signals the queries raise, in one statement (none without queries)."""
    if not queries:
        return []
    try:
        found = db.session.execute(rows(queries)).all()
    except DBAPIError:
        log.exception("Risk signal queries failed together; running each on its own")
        return run_each(queries)
    return as_signals(queries, found)


def older_signals(client_ids: Select, today: date) -> list[RiskSignal]:
    """The signals of plugins that answer ``portal_risk_signals`` with rows."""
    signals = collect("portal_risk_signals", client_ids=client_ids, today=today)
    return [s for s in signals if isinstance(s, RiskSignal)]


def plugin_risk_signals(client_ids: Select, today: date) -> list[RiskSignal]:
    """Every plugin's signals for the clients ``client_ids`` selects: one statement for the
    queries of all plugins, one for each plugin that answers with rows."""
    return [*run(declared(client_ids, today)), *older_signals(client_ids, today)]
