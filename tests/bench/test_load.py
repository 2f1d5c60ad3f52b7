"""Under load (``make bench``): two gunicorn servers with sync workers on PostgreSQL and Redis,
signed-in sessions, wrk on loopback. List pages must reach 1/8 of the bare route's requests per
second through the same server, with no errors; p50 and p99 are printed. Sessions and sign-in
limits are shared by both servers.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; wrk is installed from Debian when missing.
``BENCH_LOAD_CLIENTS`` sets the data size (100,000).
"""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from portal.demo.data import DEMO_PASSWORD
from tests.bench import loadrun
from tests.support.database import private_schema

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
FLOOR = 1 / 8
LIST_PAGES = ("/clients/", "/groups/", "/worklist", "/p/assessments/")
ROUNDS = 3
SECONDS = 5
CONNECTIONS = 2  # one per sync worker


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL")
    if not url.startswith("postgresql") or not redis_url:
        pytest.skip("needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    wrk = loadrun.find_wrk()
    if wrk is None:
        pytest.skip("wrk is not installed and could not be")
    tmp = tmp_path_factory.mktemp("load")
    (tmp / "bench_wsgi.py").write_text(loadrun.BENCH_WSGI)
    bin_dir = Path(sys.executable).parent
    with private_schema(url, "load") as schema:
        env = {
            **os.environ,
            "POLKU_ENV": "development",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": schema,
            "REDIS_URL": redis_url,
            "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
            "GUNICORN_ACCESS_LOG": os.devnull,
            # No worker restarts in the middle of a measurement (each takes seconds to boot).
            "GUNICORN_MAX_REQUESTS": "0",
            "LOG_LEVEL": "warning",
        }
        flask = str(bin_dir / "flask")
        clients = os.environ.get("BENCH_LOAD_CLIENTS", "100000")
        for args in (["db", "upgrade"], ["demo-data", "--clients", clients]):
            subprocess.run(
                [flask, "--app", "wsgi", *args], cwd=ROOT, env=env, check=True, capture_output=True
            )
        started = []
        try:
            for name in ("a", "b"):
                env_n = {**env, "PROMETHEUS_MULTIPROC_DIR": str(tmp / f"metrics-{name}")}
                started.append(
                    loadrun.start(str(bin_dir / "gunicorn"), ROOT, env_n, 2, tmp / f"{name}.log")
                )
            yield wrk, started[0], started[1], clients
        finally:
            for server in started:
                server.stop()


def test_a_session_made_on_one_server_works_on_the_other(servers):
    _wrk, a, b, _clients = servers
    visitor = loadrun.Visitor()
    assert visitor.sign_in(a.base, "coach@polku.test", DEMO_PASSWORD) == 200
    status, url, _page = visitor.get(b.base + "/clients/")
    assert status == 200 and url.endswith("/clients/")  # not sent back to the sign-in


def test_sign_in_limits_are_counted_across_both_servers(servers):
    _wrk, a, b, _clients = servers
    email = f"nobody-{uuid.uuid4().hex[:8]}@polku.test"  # a fresh account+address count
    answers = [
        loadrun.Visitor().sign_in(base, email, "wrong password 123")
        for base in (a.base, b.base, a.base, b.base, a.base, b.base)
    ]
    assert answers[:5] == [200] * 5  # the form again, with its error
    assert answers[5] == 429  # 5 a minute per account and address, whichever server


def test_list_pages_keep_up_with_the_bare_route(servers):
    wrk, a, _b, clients = servers
    visitor = loadrun.Visitor()
    assert visitor.sign_in(a.base, "coach@polku.test", DEMO_PASSWORD) == 200
    cookie = visitor.cookie()
    table, misses = [], []
    for path in LIST_PAGES:
        bare, page = [], []
        for _ in range(ROUNDS):
            bare.append(loadrun.wrk(wrk, a.base + "/bench-bare/", "", SECONDS, CONNECTIONS))
            page.append(loadrun.wrk(wrk, a.base + path, cookie, SECONDS, CONNECTIONS))
        assert all(b.rps > 0 for b in bare), "the bare route answered nothing"
        ratio = statistics.median(p.rps / b.rps for p, b in zip(page, bare, strict=True))
        errors = sum(p.errors for p in page) + sum(b.errors for b in bare)
        row = (
            f"{path:18} {statistics.median(p.rps for p in page):8.1f} "
            f"{statistics.median(b.rps for b in bare):8.1f} {ratio:6.3f} "
            f"{statistics.median(p.p50_ms for p in page):8.1f} "
            f"{max(p.p99_ms for p in page):8.1f} {errors:6}"
        )
        table.append(row)
        if ratio < FLOOR or errors:
            misses.append(row)
    print(f"\ngunicorn 2 sync workers, PostgreSQL + Redis, {clients} clients, coach signed in")
    print(f"{'page':18} {'req/s':>8} {'bare':>8} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} errors")
    print("\n".join(table))
    assert not misses, f"below 1/8 of the bare route or with errors: {misses}"
