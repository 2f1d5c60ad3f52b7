"""The ESF+ indicator report at 100,000 participants (``make bench``; not in ``make test``):
under 10 s for the page, the CSV and the XLSX together, with memory that does not grow with
the participants (one aggregate statement; the rows never come to Python)."""

from __future__ import annotations

import resource
import time
import tracemalloc
from datetime import date

import pytest
from sqlalchemy import select, text

from portal.app.extensions import db
from portal.demo.data import load_demo_data
from portal.demo.scale import add_clients
from portal.esf.indicators import report
from portal.models import Client
from portal.reports.periods import Filters
from tests.conftest import Browser, count_queries

pytestmark = pytest.mark.slow
CLIENTS = 100_000
EVERYONE = {"start": "2000-01-01", "end": "2100-12-31"}


def _answers() -> None:
    """Spread ESF+ answers over the synthetic clients by id, as an intake would leave them."""
    db.session.execute(
        text(
            "UPDATE clients SET "
            "gender = CASE id % 5 WHEN 0 THEN 'female' WHEN 1 THEN 'male' "
            "WHEN 2 THEN 'non_binary' WHEN 3 THEN 'declined' ELSE '' END, "
            "isced_level = CASE id % 4 WHEN 0 THEN 'isced_0_2' WHEN 1 THEN 'isced_3_4' "
            "WHEN 2 THEN 'isced_5_8' ELSE '' END, rural_area = CASE id % 3 WHEN 0 THEN 'yes' "
            "WHEN 1 THEN 'no' ELSE '' END"
        )
    )
    db.session.execute(
        text(
            "UPDATE client_sensitive SET disability = CASE client_id % 4 WHEN 0 THEN 'yes' "
            "WHEN 1 THEN 'no' WHEN 2 THEN 'declined' ELSE '' END, "
            "minority = CASE client_id % 3 WHEN 0 THEN 'no' ELSE 'yes' END"
        )
    )
    db.session.commit()


def _timed(browser, url: str) -> float:
    started = time.perf_counter()
    response = browser.get(url, query_string=EVERYONE)
    assert response.status_code == 200, url
    return time.perf_counter() - started


def test_the_esf_report_at_scale(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'esf.sqlite3'}")
    with app.app_context():
        load_demo_data()
        add_clients(CLIENTS)
        _answers()
        participants = db.session.scalar(select(db.func.count(Client.id)))
    admin = Browser(app.test_client())
    admin.login("admin@polku.test", "polku-demo-2026")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    tracemalloc.start()
    app.config["REPORTS_CACHE_SECONDS"] = 0  # every download computes the report again
    with count_queries(app) as statements:
        page_s = _timed(admin, "/reports/esf")
    xlsx_cold_s = _timed(admin, "/reports/esf.xlsx")
    app.config["REPORTS_CACHE_SECONDS"] = 300  # as in production: the page fills the cache
    first_s = _timed(admin, "/reports/esf")
    downloads_s = _timed(admin, "/reports/esf.csv") + _timed(admin, "/reports/esf.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with app.app_context():
        counted = report(select(Client.id), Filters(start=_day(2000), end=_day(2100)))
    assert counted.raw["participants"]["total"] == participants
    print(
        f"\nESF+ report of {participants} participants: page {page_s:.2f} s uncached "
        f"({len(statements)} SQL statements), XLSX {xlsx_cold_s:.2f} s uncached; with the "
        f"cache: page {first_s:.2f} s, then CSV + XLSX {downloads_s:.2f} s; Python heap peak "
        f"{peak / 1e6:.1f} MB; process max RSS {rss_before / 1024:.0f} MB before the report, "
        f"{rss_after / 1024:.0f} MB after (seeding included)"
    )
    assert page_s < 10 and xlsx_cold_s < 10
    assert peak < 50e6
    assert len(statements) < 15


def _day(year: int) -> date:
    return date(year, 1, 1) if year == 2000 else date(year, 12, 31)
