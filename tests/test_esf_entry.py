"""ESF+ participant data at entry: asked once on its own page, special-category answers kept
with the sensitive data, "not asked", "no" and "declined" kept apart, never shown to employers."""

from sqlalchemy import select

from portal.app.extensions import db
from portal.models import AuditEvent, Client, ClientSensitive
from tests.support.browser import form_fields

ANSWERS = {
    "gender": "non_binary",
    "employment_status": "long_term_unemployed",
    "isced_level": "isced_0_2",
    "rural_area": "yes",
    "disability": "declined",
    "third_country_national": "yes",
    "foreign_background": "yes",
    "minority": "no",
    "homeless": "",
}


def _url(world, client=None):
    return f"/clients/{(client or world.client).id}/esf"


def test_the_coach_records_the_answers_once(app, world, as_role):
    coach = as_role("coach")
    page = coach.get(_url(world))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<legend>" in html and "European Social Fund Plus" in html
    response = coach.post(_url(world), ANSWERS)
    assert response.status_code == 302
    with app.app_context():
        client = db.session.get(Client, world.client.id)
        sensitive = db.session.get(ClientSensitive, world.client.id)
        assert (client.gender, client.isced_level, client.rural_area) == (
            "non_binary",
            "isced_0_2",
            "yes",
        )
        assert client.employment_status == "long_term_unemployed"
        assert client.esf_asked_at is not None
        assert sensitive.disability == "declined"  # declined is not "no" ...
        assert sensitive.minority == "no"
        assert sensitive.homeless == ""  # ... and neither is "not asked yet"
        assert sensitive.third_country_national == "yes"
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.client_id == world.client.id)
        ).all()
        assert "esf_entry.update" in actions and "sensitive.read" in actions


def test_bad_answers_store_nothing(app, world, as_role):
    coach = as_role("coach")
    for field, value in [
        ("gender", "robot"),
        ("disability", "maybe"),
        ("isced_level", "isced_9"),
        ("employment_status", "=cmd|' /C calc'!A0"),
        ("minority", "x" * 10000),
    ]:
        response = coach.post(_url(world), {**ANSWERS, field: value})
        assert response.status_code == 400, field
    with app.app_context():
        client = db.session.get(Client, world.client.id)
        assert client.gender == "" and client.esf_asked_at is None
        assert db.session.get(ClientSensitive, world.client.id) is None


def test_a_double_submit_and_a_stale_form(app, world, as_role):
    coach = as_role("coach")
    page_fields = form_fields(coach, _url(world))
    first = coach.post(_url(world), {**page_fields, **ANSWERS})
    again = coach.post(_url(world), {**page_fields, **ANSWERS})
    assert first.status_code == 302 and again.status_code in (302, 303)
    stale = dict(page_fields)
    stale.pop("form_token", None)
    fresh = form_fields(coach, _url(world))
    stale["form_token"] = fresh["form_token"]
    response = coach.post(_url(world), {**stale, **ANSWERS, "gender": "female"})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Client, world.client.id).gender == "non_binary"


def test_only_the_clients_own_coach(world, as_role):
    assert as_role("other_coach").get(_url(world)).status_code == 404
    for role in ("employer", "client_user", "admin"):
        assert as_role(role).get(_url(world)).status_code in (403, 404), role


def test_special_category_answers_never_reach_the_employer(app, world, as_role):
    coach = as_role("coach")
    coach.post(_url(world), {**ANSWERS, "disability": "yes", "minority": "yes"})
    employer = as_role("employer")
    for url in (f"/trainees/{world.client.id}", "/trainees/", "/"):
        page = employer.get(url)
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        for word in ("disabilit", "minority", "Third-country", "outside the EU", "homeless"):
            assert word.lower() not in html.lower(), (url, word)
