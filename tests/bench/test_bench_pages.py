"""Scale benchmark (``make bench``): pages against a bare Flask route in the same process.

Prints, for each page, its SQL statement count and its throughput as a ratio of a bare
``return "hello"`` route, median of interleaved rounds. The machine is shared and noisy, so
only ratios from one run mean anything.
"""

from __future__ import annotations

import statistics
import time

import pytest
from sqlalchemy import func, insert, select

from portal.access.permissions import public
from portal.app.extensions import db
from portal.models import Client, ClientSearchTerm, group_members
from portal.models.search import search_rows
from tests.conftest import count_queries

pytestmark = pytest.mark.slow

CLIENTS = 5_000
ROUNDS = 5
REQUESTS = 100


def _seed(app, world) -> None:
    with app.app_context():
        rows = [
            {
                "first_name": f"Etu{i}",
                "last_name": f"Suku{i:05}",
                "birth_year": 2000 + i % 9,
                "coach_id": world.coach.id,
                "municipality": "Helsinki",
                "email": "",
                "phone": "",
                "referral_source": "",
                "highest_education": "basic",
                "has_vocational_qualification": False,
                "goal": "unclear",
                "preferred_fields": "",
                "state": "intake",
                "version": 1,
            }
            for i in range(CLIENTS)
        ]
        db.session.execute(insert(Client), rows)
        first = db.session.scalar(
            select(func.min(Client.id)).where(Client.first_name.startswith("Etu"))
        )
        terms = [r for n, row in enumerate(rows) for r in search_rows(first + n, row)]
        db.session.execute(insert(ClientSearchTerm), terms)
        ids = db.session.scalars(db.select(Client.id).where(Client.first_name.startswith("Etu")))
        db.session.execute(
            insert(group_members),
            [{"group_id": world.group.id, "client_id": i} for i in ids][:2000],
        )
        db.session.commit()


def _rate(browser, url: str) -> float:
    start = time.perf_counter()
    for _ in range(REQUESTS):
        browser.get(url)
    return REQUESTS / (time.perf_counter() - start)


def test_pages_against_a_bare_route(app, world, as_role):
    @app.route("/bench/hello")
    @public
    def hello():
        return "hello"

    _seed(app, world)
    coach = as_role("coach")
    pages = {
        "coach start": "/",
        "client list": "/clients/",
        "client search": "/clients/",  # after the search is posted, below
        "group list": "/groups/",
        "worklist": "/worklist",
        "client page": f"/clients/{world.client.id}",
    }
    print(f"\n{CLIENTS} clients; {ROUNDS} interleaved rounds of {REQUESTS} requests")
    for name, url in pages.items():
        if name == "client search":
            coach.post("/clients/", {"q": "Suku01"})  # the term is kept in the session
        with count_queries(app) as statements:
            assert coach.get(url).status_code == 200
        ratios = []
        for _ in range(ROUNDS):
            bare = _rate(coach, "/bench/hello")
            page = _rate(coach, url)
            ratios.append(page / bare)
        print(
            f"{name:14} {len(statements):2} SQL statements, "
            f"throughput {statistics.median(ratios):.3f} x bare route"
        )
