"""Composite pages run a small number of SQL statements, the same however much history a client
has: the timeline at most ten; on the demo data (every plugin's panel with something to show)
the start pages, the trainee page, the recognition and onboarding pages, the subject-access
copies and the reports' dashboard each an exact count within the budget (ADR 0032, 0037)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Checkpoint,
    Consent,
    ContactNote,
    FollowUp,
    JobSearchActivity,
    NetworkPartner,
    PriorLearning,
    Referral,
    StateTransition,
)
from tests.bench import harness
from tests.bench.budgets import MAX_STATEMENTS
from tests.conftest import count_queries

#: The timeline at most ten; the young person's job-search log exactly seven (its checkpoints,
#: entries and follow-ups in one statement, the entries' photos and files in one more).
BUDGETS = {"/clients/{cid}/timeline": 10, "/my/job-search": 7}


def add_history(app, client_id: int, n: int) -> None:
    """``n`` records of each kind a client's pages show, dated over the last months."""
    today = clock.today()
    now = clock.utcnow()
    with app.app_context():
        partner = NetworkPartner(name=f"Ohjaamo {n}")
        db.session.add(partner)
        db.session.flush()
        for i in range(n):
            day = today - timedelta(days=i + 1)
            db.session.add_all(
                [
                    ContactNote(client_id=client_id, on=day, summary=f"Tapaaminen {n}-{i}"),
                    JobSearchActivity(
                        client_id=client_id,
                        on=day,
                        organisation=f"Kauppa {n}-{i}",
                        position="Myyjä",
                    ),
                    StateTransition(
                        client_id=client_id,
                        from_state="intake",
                        to_state="attitude_training",
                        at=now - timedelta(days=i),
                    ),
                    PriorLearning(client_id=client_id, what=f"Kesätyö {n}-{i}"),
                    Consent(client_id=client_id, scope="intake_summary", withdrawn_at=now),
                    Referral(
                        client_id=client_id,
                        partner_id=partner.id,
                        direction="out",
                        on=day,
                        reason=f"Asunto {n}-{i}",
                    ),
                    FollowUp(
                        client_id=client_id,
                        months=3 + i,
                        due_date=day,
                        result="employed",
                        recorded_at=now,
                    ),
                    Checkpoint(
                        client_id=client_id,
                        difficulty=f"Poissaolot {n}-{i}",
                        opened_at=now - timedelta(days=i),
                        closed_at=now,
                        decision="continue_intensified",
                    ),
                ]
            )
        db.session.commit()


def _count(app, browser, url: str) -> tuple[int, str]:
    with count_queries(app) as statements:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "url"),
    [("coach", "/clients/{cid}/timeline"), ("client_user", "/my/job-search")],
)
def test_composite_pages_run_a_fixed_small_number_of_statements(app, world, as_role, role, url):
    browser = as_role(role)
    budget = BUDGETS[url]
    url = url.format(cid=world.client.id)
    add_history(app, world.client.id, 1)
    small, _ = _count(app, browser, url)
    add_history(app, world.client.id, 40)
    large, html = _count(app, browser, url)
    assert small == large <= budget, (small, large)
    assert "Kauppa 40-39" in html  # the older records are there too


def test_the_timeline_shows_every_kind_of_record_in_words(app, world, as_role):
    add_history(app, world.client.id, 2)
    html = as_role("coach").get(f"/clients/{world.client.id}/timeline").get_data(as_text=True)
    for text in (
        "Tapaaminen 2-1",
        "Kesätyö 2-0",
        "Kauppa 2-1 Myyjä",
        "Ohjaamo 2: Asunto 2-0",
        "Poissaolot 2-1",
        "Varasto Oy",  # the world's placement, with its company
        "→",  # a phase change, from state to state
    ):
        assert text in html, text
    assert "intake_summary" not in html  # codes appear as words
    assert "continue_intensified" not in html


#: Composite pages on the demo data (every plugin's panels with something to show), each at
#: most ``MAX_STATEMENTS`` and the same after the young person's history grows.
DEMO_PAGES = {
    ("employer", "/"): 9,
    ("client", "/"): 7,
    ("employer", "/trainees/{trainee}"): 7,
    ("coach", "/p/recognition/clients/{client}"): 8,
    ("admin", "/p/recognition/clients/{client}"): 7,
    ("teacher", "/p/recognition/clients/{client}"): 7,
    ("coach", "/p/recognition/clients/{client}/record"): 9,
    ("admin", "/p/recognition/clients/{client}/record"): 8,
    ("teacher", "/p/recognition/clients/{client}/record"): 8,
    ("coach", "/p/onboarding/models/{model}"): 9,
    ("admin", "/p/onboarding/models/{model}"): 8,
    ("employer", "/p/onboarding/models/{model}"): 7,
    ("client", "/my/copy"): 7,
    ("admin", "/admin/clients/{client}/privacy/data"): 8,
    ("coach", "/reports/"): 6,
    ("admin", "/reports/"): 5,
    ("coach", "/reports/funder"): 4,
    ("admin", "/reports/funder"): 3,
    ("admin", "/reports/esf"): 3,
    ("coach", "/clients/{client}"): 10,
    ("admin", "/clients/{client}"): 9,
}


def test_composite_pages_on_the_demo_data_run_their_budget_whatever_the_history(make_app):
    app = make_app(REPORTS_CACHE_SECONDS=0)
    harness.seed(app, 0)
    ids = harness.find_ids(app)
    browsers = {role: harness.sign_in(app, role) for role in {r for r, _p in DEMO_PAGES}}

    def counts() -> dict[tuple[str, str], int]:
        found = {}
        for role, path in DEMO_PAGES:
            browser, url = browsers[role], path.format(**ids)
            browser.get(url)  # once first: what a first visit makes sure of is not counted
            found[(role, path)] = _count(app, browser, url)[0]
        return found

    assert counts() == DEMO_PAGES
    add_history(app, ids["client"], 30)
    add_history(app, ids["trainee"], 30)
    assert counts() == DEMO_PAGES
    assert max(DEMO_PAGES.values()) <= MAX_STATEMENTS
