import os
import pytest
from tests.bench import harness
from tests.conftest import count_queries

PATHS = os.environ.get("PATHS", "/reports/").split(",")
ROLE = os.environ.get("ROLE", "admin")

@pytest.mark.slow
def test_stmts(make_app, tmp_path):
    out = {}
    for size in (100, int(os.environ.get("N", "3000"))):
        app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/c{size}.db", REPORTS_CACHE_SECONDS=0)
        harness.seed(app, size)
        ids = harness.find_ids(app)
        b = harness.sign_in(app, ROLE)
        for path in PATHS:
            url = path.format(**ids)
            b.get(url)
            with count_queries(app) as seen:
                r = b.get(url)
            out[(size, path)] = seen
            print(f"\n==== {size} {url} {r.status_code} {len(seen)}")
            for s in seen:
                print("  -", " ".join(s.split())[:300])
