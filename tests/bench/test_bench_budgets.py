"""``make bench``: every page x role at SMALL and LARGE clients against a bare Flask route,
on SQLite and (with DATABASE_URL) PostgreSQL. Prints the table, then fails on any miss.

``BENCH_CLIENTS`` overrides LARGE for a quicker look (the budgets are for 100,000);
``BENCH_PAGES`` (space-separated ``role:path`` or ``path``, as in ``budgets.PAGES``) measures
only those pages, for work on one of them.
"""

from __future__ import annotations

import os
from contextlib import ExitStack

import pytest

from tests.bench import harness
from tests.bench.budgets import LARGE, PAGES, SMALL
from tests.support.database import private_schema

pytestmark = pytest.mark.slow
BACKENDS = ["sqlite", "postgresql"]


def _database(backend: str, name: str, tmp_path, cleanup: ExitStack) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("DATABASE_URL names no PostgreSQL database")
    return cleanup.enter_context(private_schema(url, f"bench_{name}"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_page_within_its_budget(backend, make_app, tmp_path):
    large = int(os.environ.get("BENCH_CLIENTS", LARGE))
    with ExitStack() as cleanup:
        apps = {}
        for size in (SMALL, large):
            uri = _database(backend, f"c{size}", tmp_path, cleanup)
            app = make_app(SQLALCHEMY_DATABASE_URI=uri, REPORTS_CACHE_SECONDS=0)
            took = harness.seed(app, size)
            print(f"\n{backend}: {size} clients seeded (synthetic part {took:.1f} s)")
            apps[size] = app
        rows = _measure(apps[SMALL], apps[large])
    print(f"\n{backend}, {large} clients; ratio = median of {harness.ROUNDS} interleaved rounds")
    print(harness.HEADER)
    for row in rows:
        print(row.line())
    misses = [row for row in rows if row.misses]
    print(f"{len(rows) - len(misses)} of {len(rows)} page x role within budget")
    assert not misses, f"{len(misses)} budget misses (table above)"


def _chosen(path: str, role: str) -> bool:
    wanted = os.environ.get("BENCH_PAGES", "").split()
    return not wanted or path in wanted or f"{role}:{path}" in wanted


def _measure(small_app, large_app) -> list[harness.Row]:
    bare = harness.bare_route()
    ids = {app: harness.find_ids(app) for app in (small_app, large_app)}
    browsers = {
        (app, role): harness.sign_in(app, role)
        for app in (small_app, large_app)
        for role in harness.EMAILS
    }
    rows = []
    for page in PAGES:
        for role in page.roles:
            if not _chosen(page.path, role):
                continue
            row = harness.Row(page, role)
            urls = {app: page.path.format(**ids[app]) for app in (small_app, large_app)}
            row.small = harness.statements(small_app, browsers[small_app, role], urls[small_app])
            row.large = harness.statements(large_app, browsers[large_app, role], urls[large_app])
            if row.large is None or row.small is None:
                row.misses.append("does not answer 200")
            else:
                browser, url = browsers[large_app, role], urls[large_app]
                row.ratio = harness.ratio(lambda b=browser, u=url: b.get(u), bare)
            row.judge()
            rows.append(row)
    return rows
