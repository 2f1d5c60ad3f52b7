"""The plugins' risk signals as SQL (``portal_risk_signal_queries``): every plugin's queries in
one statement, each signal for the client it is about, the same signals as the plugins' own
rules computed row by row; a query that fails costs only its own plugin's signals."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, literal_column, select

from plugins.assessments import services as assessments
from plugins.assessments.models import Assessment
from plugins.onboarding import services as onboarding
from portal.api import RiskSignalQuery, hookimpl
from portal.app import clock
from portal.app.extensions import db
from portal.models import Client
from portal.pathway.plugin_risks import plugin_risk_signals
from tests.bench import harness
from tests.conftest import count_queries

TODAY = clock.today()


def _low_results() -> set[int]:
    """The assessments plugin's rule row by row: each client's latest submitted supervisor
    assessment with a scale answer, where it is low."""
    latest: dict[int, Assessment] = {}
    for item in db.session.scalars(
        assessments.submitted_for(select(Client.id)).where(Assessment.filled_by == "supervisor")
    ).unique():
        if assessments._scale_values(item):
            latest[item.client_id] = item
    return {cid for cid, item in latest.items() if assessments.is_low(item)}


def test_hook_portal_risk_signal_queries(make_app):
    """On the demo data and 300 synthetic young people (with their supervisors' assessments,
    some low) the queries raise exactly the signals the plugins' rules find in Python, for the
    same clients and with the same counts, in one statement."""
    app = make_app(REPORTS_CACHE_SECONDS=0)
    harness.seed(app, 300)
    with app.test_request_context():
        behind = onboarding.behind_schedule(select(Client.id), TODAY)
        low = _low_results()
        with count_queries(app) as statements:
            signals = plugin_risk_signals(select(Client.id), TODAY)
    assert len(statements) == 1
    overdue = sorted(
        (s.client_id, str(s.message)) for s in signals if s.kind == "onboarding_overdue"
    )
    assert overdue and overdue == sorted(
        (b.client.id, f"Onboarding steps overdue: {len(b.overdue)}") for b in behind
    )
    assert low and {s.client_id for s in signals if s.kind == "low_assessment"} == low
    assert len([s for s in signals if s.kind == "low_assessment"]) == len(low)


def test_each_signal_is_for_its_own_client_only(make_app):
    """Asked for one client, the queries raise that client's signals and nobody else's."""
    app = make_app(REPORTS_CACHE_SECONDS=0)
    harness.seed(app, 0)
    with app.test_request_context():
        everyone = plugin_risk_signals(select(Client.id), TODAY)
        flagged = {s.client_id for s in everyone}
        quiet = db.session.scalar(select(func.min(Client.id)).where(Client.id.not_in(flagged)))
        for client_id in [*sorted(flagged), quiet]:
            one = plugin_risk_signals(select(Client.id).where(Client.id == client_id), TODAY)
            expected = sorted(
                (s.kind, str(s.message)) for s in everyone if s.client_id == client_id
            )
            assert {s.client_id for s in one} <= {client_id}
            assert sorted((s.kind, str(s.message)) for s in one) == expected
    assert quiet is not None and len(flagged) >= 2


class Broken:
    """A plugin whose query fails in the database (a column that does not exist)."""

    @hookimpl
    def portal_risk_signal_queries(self, client_ids, today):
        query = select(Client.id, literal_column("no_such_column")).where(Client.id.in_(client_ids))
        return RiskSignalQuery("broken", query, lambda n: "never shown")


class NotAPair:
    """A plugin whose query selects three columns instead of (client id, count)."""

    @hookimpl
    def portal_risk_signal_queries(self, client_ids, today):
        query = select(Client.id, Client.id, Client.id).where(Client.id.in_(client_ids))
        return RiskSignalQuery("three", query, lambda n: "never shown")


def test_a_failing_query_costs_only_its_own_plugins_signals(make_app, caplog):
    plugins = {"broken": Broken(), "not_a_pair": NotAPair()}
    app = make_app(REPORTS_CACHE_SECONDS=0, PORTAL_EXTRA_PLUGINS=plugins)
    harness.seed(app, 0)
    with app.test_request_context(), caplog.at_level(logging.ERROR):
        signals = plugin_risk_signals(select(Client.id), TODAY)
        kinds = {s.kind for s in signals}
    assert {"onboarding_overdue", "low_assessment"} <= kinds
    assert not kinds & {"broken", "three"}
    assert "Plugin broken failed in risk signal broken" in caplog.text
    assert "Plugin not_a_pair: risk signal three is not (client id, count)" in caplog.text


@pytest.mark.parametrize("extra", [{}, {"broken": Broken()}], ids=["together", "one_fails"])
def test_the_client_page_shows_its_own_clients_signals_beside_the_items(make_app, extra):
    """``client_items`` reads the signals with the items: each client's own, none of another's,
    and a failing plugin query leaves the items and the other plugins' signals in place."""
    from portal.worklist.people import client_items

    app = make_app(REPORTS_CACHE_SECONDS=0, PORTAL_EXTRA_PLUGINS=extra)
    harness.seed(app, 0)
    with app.test_request_context():
        everyone = plugin_risk_signals(select(Client.id), TODAY)
        coach = db.session.scalar(select(Client.coach_id).where(Client.coach_id.is_not(None)))
        for client_id in sorted({s.client_id for s in everyone}):
            _items, signals = client_items(coach, client_id, TODAY)
            expected = sorted(
                (s.kind, str(s.message)) for s in everyone if s.client_id == client_id
            )
            assert sorted((s.kind, str(s.message)) for s in signals) == expected
            assert {s.client_id for s in signals} == {client_id}
    assert {"onboarding_overdue", "low_assessment"} <= {s.kind for s in everyone}
