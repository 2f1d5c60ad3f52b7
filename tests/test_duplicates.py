"""A young person typed in again is caught before a second record is made: on the intake form
and through the API, within the viewer's reach only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client
from portal.rest.spec import BASE
from tests.support.api import token_for
from tests.support.browser import form_fields


def _intake(world, **changes) -> dict[str, str]:
    return {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "birth_year": "2004",
        "highest_education": "basic",
        "goal": "study",
        "coach_id": str(world.coach.id),
        "entry_date": clock.today().isoformat(),
        **changes,
    }


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Client.id)))


@pytest.mark.parametrize(
    "typed",
    [
        {"first_name": "AINO", "last_name": "Vírtanen"},  # case and accents
        {"first_name": "Aino-Maria"},  # the first name's first word
        {
            "first_name": "Eeva",
            "last_name": "Muu",
            "birth_year": "2001",
            "email": "AINO@example.fi",
        },
        {
            "first_name": "Eeva",
            "last_name": "Muu",
            "birth_year": "2001",
            "phone": "+358 40 123 4567",
        },
    ],
)
def test_the_intake_form_shows_likely_duplicates_and_saves_only_when_confirmed(
    app, world, as_role, typed
):
    with app.app_context():
        client = db.session.get(Client, world.client.id)
        client.email, client.phone = "aino@example.fi", "040 123 4567"
        db.session.commit()
    coach = as_role("coach")
    before = _count(app)
    fields = form_fields(coach, "/clients/new")
    asked = coach.client.post("/clients/new", data={**fields, **_intake(world, **typed)})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'id="duplicates-title"' in html
    assert f'href="/clients/{world.client.id}"' in html
    assert _count(app) == before
    sent = {**form_fields(coach, "/clients/new"), **_intake(world, **typed), "confirm_new": "yes"}
    assert coach.client.post("/clients/new", data=sent).status_code == 302
    assert _count(app) == before + 1


def test_someone_else_of_another_name_is_added_without_asking(app, world, as_role):
    coach = as_role("coach")
    fields = form_fields(coach, "/clients/new")
    saved = coach.client.post("/clients/new", data={**fields, **_intake(world, first_name="Eeva")})
    assert saved.status_code == 302


def test_another_coach_s_young_person_is_not_revealed(app, world, as_role):
    """Eetu Korhonen is the other coach's: a near miss must not show him to this coach."""
    coach = as_role("coach")
    fields = form_fields(coach, "/clients/new")
    typed = _intake(world, first_name="Eetu", last_name="Korhonen", birth_year="2003")
    answer = coach.client.post("/clients/new", data={**fields, **typed})
    assert answer.status_code == 302  # saved: nobody this coach may see is likely him
    assert f"/clients/{world.other_client.id}" not in answer.get_data(as_text=True)


def _token(app, user_id: int) -> str:
    return token_for(app, user_id, ["referrals:write"])


def test_the_api_answers_409_with_the_likely_duplicates_until_confirmed(app, world):
    secret = _token(app, world.coach.id)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    referral = {"first_name": "Aino", "last_name": "Virtanen", "birth_year": 2004}
    before = _count(app)
    caught = client.post(BASE + "/clients", json=referral, headers=headers)
    assert caught.status_code == 409 and caught.mimetype == "application/problem+json"
    assert [d["id"] for d in caught.json["duplicates"]] == [world.client.id]
    assert _count(app) == before
    made = client.post(BASE + "/clients", json={**referral, "confirm_new": True}, headers=headers)
    assert made.status_code == 201 and _count(app) == before + 1


def test_the_intake_sent_twice_is_answered_as_saved_not_as_a_duplicate(app, world, as_role):
    """The second sending of one form finds the young person the first made: it is the same
    submission, answered as saved, not a likely duplicate to confirm."""
    coach = as_role("coach")
    data = {**form_fields(coach, "/clients/new"), **_intake(world, first_name="Eeva")}
    first = coach.client.post("/clients/new", data=data)
    again = coach.client.post("/clients/new", data=data)
    assert first.status_code == again.status_code == 302
    assert 'id="duplicates-title"' not in again.get_data(as_text=True)
