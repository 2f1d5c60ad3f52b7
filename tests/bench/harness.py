"""Seeding, signing in and measuring for ``make bench`` (budgets.py says what and how much)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import text

from portal.app import clock
from portal.app.extensions import db
from portal.demo.bulk import refresh_statistics
from portal.demo.data import DEMO_PASSWORD, load_demo_data
from portal.demo.scale import add_clients
from portal.hooks.manager import fire
from tests.bench.budgets import FLOORS, MAX_STATEMENTS, Page
from tests.conftest import Browser, count_queries
from tests.support.database import JOINED

EMAILS = {
    "coach": "coach@polku.test",
    "admin": "admin@polku.test",
    "employer": "employer@polku.test",
    "client": "client@polku.test",
    "teacher": "teacher@polku.test",
}
ROUNDS = 3
#: Each timing runs at least this many requests and at least this long.
MIN_REQUESTS = 3
MIN_SECONDS = 0.25


def seed(app: Flask, clients: int) -> float:
    """The demo data (its teacher is invited to the demo young person's recognition) and
    synthetic clients up to ``clients``; returns the seconds the synthetic clients took."""
    with app.app_context():
        load_demo_data()
        fire("portal_demo_data", today=clock.today())
        existing = db.session.execute(text("SELECT count(*) FROM clients")).scalar_one()
        started = time.perf_counter()
        add_clients(max(clients - existing, 0))
        took = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql" and JOINED not in app.extensions:
            # A benchmark's own database: the visibility map too, as autovacuum leaves it.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:  # in a test's transaction, which a VACUUM on another connection would wait for
            refresh_statistics()
            db.session.commit()
    return took


def find_ids(app: Flask) -> dict[str, int]:
    """The records the benchmark's pages name: the demo young person, a trainee of the demo
    employer's company and its onboarding model, the coach's group of that young person."""
    one = lambda sql, **params: db.session.execute(text(sql), params).scalar_one()  # noqa: E731
    with app.app_context():
        user = {
            role: one("SELECT id FROM users WHERE email = :e", e=e) for role, e in EMAILS.items()
        }
        client = one("SELECT id FROM clients WHERE user_id = :u", u=user["client"])
        company = one("SELECT company_id FROM users WHERE id = :u", u=user["employer"])
        trainee = one(
            "SELECT client_id FROM placements WHERE company_id = :c AND end_date >= :today "
            "AND start_date <= :today ORDER BY id LIMIT 1",
            c=company,
            today=clock.today(),
        )
        group = one(
            "SELECT g.group_id FROM group_members g JOIN group_coaches c "
            "ON c.group_id = g.group_id WHERE g.client_id = :c AND c.user_id = :u "
            "ORDER BY g.group_id LIMIT 1",
            c=client,
            u=user["coach"],
        )
        project = one("SELECT project_id FROM clients WHERE id = :c", c=client)
        model = one(
            "SELECT id FROM onboarding_models WHERE company_id = :c ORDER BY id LIMIT 1", c=company
        )
    return {
        "model": model,
        "client": client,
        "trainee": trainee,
        "company": company,
        "group": group,
        "project": project,
        "coach_user": user["coach"],
    }


def sign_in(app: Flask, role: str) -> Browser:
    browser = Browser(app.test_client())
    response = browser.login(EMAILS[role], DEMO_PASSWORD)
    assert response.status_code == 302, (role, response.get_data(as_text=True)[:300])
    return browser


def bare_route() -> Callable[[], object]:
    """A truly bare Flask route: no session, no extensions, ``return "hello"``."""
    bare = Flask("bare")
    bare.add_url_rule("/", "hello", lambda: "hello")
    client = bare.test_client()
    return lambda: client.get("/")


def rate(request: Callable[[], object]) -> float:
    """Requests per second: at least MIN_REQUESTS requests and MIN_SECONDS seconds."""
    count, started = 0, time.perf_counter()
    while count < MIN_REQUESTS or time.perf_counter() - started < MIN_SECONDS:
        request()
        count += 1
    return count / (time.perf_counter() - started)


def ratio(page: Callable[[], object], bare: Callable[[], object]) -> float:
    """The median of ROUNDS interleaved rounds: bare, page, bare, page..."""
    return statistics.median(rate(page) / rate(bare) for _ in range(ROUNDS))


@dataclass
class Row:
    page: Page
    role: str
    small: int | None = None  # statements at SMALL clients
    large: int | None = None
    ratio: float | None = None
    misses: list[str] = field(default_factory=list)

    def judge(self) -> None:
        floor = FLOORS[self.page.kind]
        if self.small is not None and self.large is not None and self.small != self.large:
            self.misses.append(f"statements grow ({self.small} -> {self.large})")
        if self.large is not None and self.large > MAX_STATEMENTS:
            self.misses.append(f"{self.large} statements > {MAX_STATEMENTS}")
        if self.ratio is not None and self.ratio < floor:
            self.misses.append(f"ratio {self.ratio:.3f} < {floor:.3f}")

    def line(self) -> str:
        show = lambda n: "err" if n is None else str(n)  # noqa: E731
        measured = "     -" if self.ratio is None else f"{self.ratio:.4f}"
        verdict = "ok" if not self.misses else "MISS: " + "; ".join(self.misses)
        return (
            f"{self.page.path:42} {self.role:8} {self.page.kind:8} {show(self.small):>4} "
            f"{show(self.large):>4} {measured:>7} {FLOORS[self.page.kind]:.3f}  {verdict}"
        )


HEADER = (
    f"{'page':42} {'role':8} {'kind':8} {'100':>4} {'100k':>4} {'ratio':>7} {'floor':5}  verdict"
)


def statements(app: Flask, browser: Browser, url: str) -> int | None:
    """The statements of one GET after a warm-up GET; None unless both answer 200."""
    if browser.get(url).status_code != 200:
        return None
    with count_queries(app) as seen:
        status = browser.get(url).status_code
    return len(seen) if status == 200 else None
