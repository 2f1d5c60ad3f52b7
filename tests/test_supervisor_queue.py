"""The supervisor's queue: everything that waits for them, counted, each item one tap from the
start page; nothing of another company's."""

from __future__ import annotations

import re
from html import unescape

from plugins.assessments import services as assessments
from plugins.onboarding import services as onboarding
from portal.app import clock
from portal.app.extensions import db
from portal.models import Company, Placement, Review
from portal.reviews import services as reviews
from portal.reviews.services import HeldData

TODAY = clock.today()


def waiting(app, world) -> dict[str, int]:
    """A held review not confirmed, assessments to fill and an unsigned onboarding model."""
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        review = Review(client_id=world.client.id, placement_id=placement.id, scheduled_on=TODAY)
        db.session.add(review)
        db.session.commit()
        held = HeldData(held_on=TODAY, agenda="Tavoitteet", notes="Sovittiin vuoroista")
        reviews.hold(review, placement, held, world.coach)
        assessments.schedule(placement, ("placement_start", "midway", "placement_end"))
        db.session.commit()
        company = db.session.get(Company, world.company.id)
        model = onboarding.create_model(company, "", world.coach, "fi", "Varaston perehdytys")
        return {"review": review.id, "model": model.id}


def queue_links(html: str) -> dict[str, list[str]]:
    """The queue's links by kind heading: {heading: [href, ...]}."""
    section = re.search(r'<section class="card queue".*?</section>', html, re.S).group(0)
    groups = re.findall(r"<h3 [^>]*>([^<]+)</h3>\s*<ul[^>]*>(.*?)</ul>", section, re.S)
    return {unescape(h.strip()): re.findall(r'<a href="([^"]+)"', ul) for h, ul in groups}


def test_hook_portal_supervisor_queue(app, world, as_role):
    ids = waiting(app, world)
    employer = as_role("employer")
    html = employer.get("/").get_data(as_text=True)
    links = queue_links(html)
    kinds = " ".join(links)
    assert len(links) >= 3, links  # reviews (core), assessments and the model (plugins)
    for heading, hrefs in links.items():
        assert f"({len(hrefs)})" in heading
    every = [href for hrefs in links.values() for href in hrefs]
    assert f"/trainees/{world.client.id}/reviews/{ids['review']}" in every
    assert f"/p/onboarding/models/{ids['model']}" in every
    assert any("/p/assessments/" in href for href in every), kinds
    total = re.search(r'<h2 id="queue-h">[^(]*\((\d+)\)</h2>', html).group(1)
    assert int(total) == len(every)


def test_each_item_opens_in_one_tap_from_the_start_page(app, world, as_role):
    waiting(app, world)
    employer = as_role("employer")
    links = queue_links(employer.get("/").get_data(as_text=True))
    for href in (h for hrefs in links.values() for h in hrefs):
        page = employer.get(unescape(href))
        assert page.status_code == 200, href
        assert "Aino" in page.get_data(as_text=True) or "/onboarding/" in href


def test_a_confirmed_review_leaves_the_queue(app, world, as_role):
    ids = waiting(app, world)
    with app.app_context():
        review = db.session.get(Review, ids["review"])
        reviews.confirm_by_supervisor(review, world.employer)
    every = queue_links(as_role("employer").get("/").get_data(as_text=True)).values()
    assert not any(f"/reviews/{ids['review']}" in h for hrefs in every for h in hrefs)


def test_another_companys_supervisor_sees_none_of_it(app, world, as_role):
    waiting(app, world)
    html = as_role("other_employer").get("/").get_data(as_text=True)
    assert queue_links(html) == {}
    assert "Aino" not in html


def test_other_roles_have_no_queue(app, world, as_role):
    waiting(app, world)
    for role in ("coach", "admin", "client_user"):
        assert 'class="card queue"' not in as_role(role).get("/").get_data(as_text=True)
