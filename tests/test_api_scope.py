"""A coach's token and an employer's token see through the API exactly the young people their
pages show: the same list, the same ones refused, nothing more."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Placement
from tests.support.api import api_get, token_for
from tests.support.world import add_group_clients

TODAY = clock.today()


def _all_pages(app, path: str, secret: str) -> list[dict]:
    items, after = [], None
    while True:
        answer = api_get(app, f"{path}?limit=7" + (f"&after={after}" if after else ""), secret)
        assert answer.status_code == 200, answer.json
        items += answer.json["items"]
        if (after := answer.json["next"]) is None:
            return items


def _linked(html: str, prefix: str) -> set[int]:
    return {int(n) for n in re.findall(rf'href="{prefix}(\d+)"', html)}


def _more_placements(app, world) -> None:
    """Trainees of the employer's company past, running and coming, and of the other one."""
    ids = add_group_clients(app, world, 12)
    with app.app_context():
        for n, client_id in enumerate(ids):
            company = world.company if n % 3 else world.other_company
            start = TODAY + timedelta(days=(n - 6) * 30)  # from half a year ago to ahead
            db.session.add(
                Placement(
                    client_id=client_id,
                    company_id=company.id,
                    start_date=start,
                    end_date=start + timedelta(days=45),
                )
            )
        db.session.commit()


def test_a_coach_s_token_sees_the_coach_s_list_and_no_one_else(app, world, as_role):
    _more_placements(app, world)
    secret = token_for(app, world.coach.id)
    coach = as_role("coach")
    through_api = {c["id"] for c in _all_pages(app, "/clients", secret)}
    on_pages = _linked(coach.get("/clients/?per_page=100").text, "/clients/")
    assert through_api == on_pages and world.client.id in through_api
    with app.app_context():
        everyone = set(db.session.scalars(select(Client.id)))
    for client_id in everyone:
        page = coach.get(f"/clients/{client_id}").status_code
        answer = api_get(app, f"/clients/{client_id}", secret).status_code
        assert (page, answer) == ((200, 200) if client_id in through_api else (404, 404))
        pathway = api_get(app, f"/clients/{client_id}/pathway", secret).status_code
        assert pathway == (200 if client_id in through_api else 404)
    with app.app_context():
        theirs = set(
            db.session.scalars(select(Placement.id).where(Placement.client_id.in_(through_api)))
        )
    assert {p["id"] for p in _all_pages(app, "/placements", secret)} == theirs
    assert len(theirs) > 1


def test_an_employer_s_token_sees_the_trainee_list_and_nothing_of_anyone_else(app, world, as_role):
    _more_placements(app, world)
    secret = token_for(app, world.employer.id)
    employer = as_role("employer")
    on_page = _linked(employer.get("/trainees/").text, "/trainees/")
    trainees = _all_pages(app, "/trainees", secret)
    assert {t["trainee"]["id"] for t in trainees} == on_page
    placements = _all_pages(app, "/placements", secret)
    assert {p["id"] for p in placements} == {t["id"] for t in trainees}
    assert {p["company_id"] for p in placements} == {world.company.id}
    assert [c["id"] for c in _all_pages(app, "/companies", secret)] == [world.company.id]
    with app.app_context():
        everyone = set(db.session.scalars(select(Client.id)))
    for client_id in everyone:
        assert api_get(app, f"/clients/{client_id}", secret).status_code == 403
        page = employer.get(f"/trainees/{client_id}").status_code
        onboarding = f"/p/onboarding/clients/{client_id}/progress"
        assert (page == 200) == (client_id in on_page)
        assert api_get(app, onboarding, secret).status_code == (
            200 if client_id in on_page else 404
        )
    for refused in ("/clients", "/checkpoints", "/outcomes", "/follow-ups", "/groups", "/users"):
        assert api_get(app, refused, secret).status_code == 403, refused
