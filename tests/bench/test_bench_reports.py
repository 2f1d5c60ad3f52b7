"""Dashboard and exports at 100,000 clients (``make bench``; not part of ``make test``)."""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc

import pytest

from portal.access.permissions import public
from portal.demo.data import load_demo_data
from portal.demo.scale import add_clients
from tests.conftest import Browser, count_queries

pytestmark = pytest.mark.slow
CLIENTS = 100_000
ROUNDS = 5
REQUESTS = 50


def _rate(browser, url: str) -> float:
    start = time.perf_counter()
    for _ in range(REQUESTS):
        assert browser.get(url).status_code == 200
    return REQUESTS / (time.perf_counter() - start)


def test_dashboard_and_exports_at_scale(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'scale.sqlite3'}")

    @app.route("/bench/hello")
    @public
    def hello():
        return "hello"

    with app.app_context():
        load_demo_data()
        started = time.perf_counter()
        add_clients(CLIENTS)
        seeded = time.perf_counter() - started
    admin = Browser(app.test_client())
    admin.login("admin@polku.test", "polku-demo-2026")
    print(f"\n{CLIENTS} synthetic clients added in {seeded:.1f} s")

    app.config["REPORTS_CACHE_SECONDS"] = 0
    with count_queries(app) as cold:
        started = time.perf_counter()
        assert admin.get("/reports/").status_code == 200
        cold_ms = (time.perf_counter() - started) * 1000
    app.config["REPORTS_CACHE_SECONDS"] = 300
    admin.get("/reports/")  # fill the cache
    with count_queries(app) as warm:
        admin.get("/reports/")
    ratios = []
    for _ in range(ROUNDS):
        bare = _rate(admin, "/bench/hello")
        page = _rate(admin, "/reports/")
        ratios.append(page / bare)
    print(
        f"dashboard: {len(cold)} SQL statements uncached ({cold_ms:.0f} ms), "
        f"{len(warm)} cached; throughput {statistics.median(ratios):.3f} x bare route "
        f"(median of {ROUNDS} interleaved rounds)"
    )
    assert statistics.median(ratios) >= 0.05

    everyone = {"start": "2000-01-01", "end": "2100-01-01"}
    started = time.perf_counter()
    response = admin.get("/reports/clients.xlsx", query_string=everyone)
    size = sum(len(chunk) for chunk in response.response)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    response = admin.get("/reports/clients.xlsx", query_string=everyone)
    assert abs(sum(len(chunk) for chunk in response.response) - size) < 1000  # zip timestamps
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"XLSX of all {CLIENTS + 34} clients: {size / 1e6:.1f} MB in {elapsed:.1f} s; "
        f"Python heap peak while streaming {peak / 1e6:.0f} MB; process max RSS "
        f"{rss / 1024:.0f} MB (seeding included)"
    )
    assert peak < 300e6
