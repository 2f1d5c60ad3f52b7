"""Scale benchmark (``make bench``): the worklist by person and the client's overview at a
large caseload: the same statement count as at a small one, and the time per request."""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta

import pytest

from portal.app import clock
from portal.app.extensions import db
from portal.demo.scale import add_clients
from portal.models import FollowUp
from tests.conftest import count_queries

pytestmark = pytest.mark.slow

CLIENTS = int(os.environ.get("BENCH_WORKLIST_CLIENTS", "20000"))
REQUESTS = 10


def _measure(app, browser, url: str) -> tuple[int, float]:
    """Statements of one request and the median milliseconds over ``REQUESTS``."""
    browser.get(url)
    with count_queries(app) as statements:
        assert browser.get(url).status_code == 200
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        browser.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return len(statements), statistics.median(times)


def test_worklist_and_overview_at_scale(app, world, as_role):
    with app.app_context():  # something on the worklist already at the small size
        due = clock.today() - timedelta(days=1)
        db.session.add(FollowUp(client_id=world.client.id, months=3, due_date=due))
        db.session.commit()
    admin, coach = as_role("admin"), as_role("coach")
    client_page = f"/clients/{world.client.id}"
    small = {
        "admin /worklist": _measure(app, admin, "/worklist"),
        "coach /worklist": _measure(app, coach, "/worklist"),
        "coach client page": _measure(app, coach, client_page),
    }
    with app.app_context():
        add_clients(CLIENTS)
        db.session.commit()
    large = {
        "admin /worklist": _measure(app, admin, "/worklist"),
        "coach /worklist": _measure(app, coach, "/worklist"),
        "coach client page": _measure(app, coach, client_page),
    }
    print(f"\n{'page':<20} {'stmts':>5} {'ms small':>9} {'stmts':>5} {'ms at ' + str(CLIENTS):>12}")
    for name in small:
        (s1, t1), (s2, t2) = small[name], large[name]
        print(f"{name:<20} {s1:>5} {t1:>9.1f} {s2:>5} {t2:>12.1f}")
    for name in small:
        assert small[name][0] == large[name][0], name
