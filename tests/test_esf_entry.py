"""ESF+ participant data at entry: asked once on its own page, special-category answers kept
with the sensitive data, "not asked", "no" and "declined" kept apart, never shown to employers."""

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, Client, ClientSensitive, FollowUp, Outcome, PathwayState
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
    assert "<legend>" in html and "Euroopan sosiaalirahasto plus" in html
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


def _study_outcome(**extra):
    return {
        "kind": "study_place",
        "on": clock.today().isoformat(),
        "school": "Stadin AO",
        "programme": "Logistiikan perustutkinto",
        "study_status": "started",
        "company_id": "0",
        "partner_id": "0",
        **extra,
    }


def test_the_outcome_asks_the_results_upon_leaving(app, world, as_role):
    with app.app_context():
        db.session.get(Client, world.client.id).state = PathwayState.PATHWAY
        db.session.commit()
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/outcome"
    bad = coach.post(url, _study_outcome(qualification_gained="maybe"))
    assert bad.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Outcome.id)) is None
    saved = coach.post(url, _study_outcome(qualification_gained="yes", job_searching="no"))
    assert saved.status_code == 302
    with app.app_context():
        outcome = db.session.scalar(select(Outcome))
        assert (outcome.qualification_gained, outcome.job_searching) == ("yes", "no")
        follow_up = db.session.scalar(select(FollowUp).where(FollowUp.months == 6))
        follow_up.due_date = clock.today()
        earlier = db.session.scalar(select(FollowUp).where(FollowUp.months == 3))
        earlier.result = "studying"
        db.session.commit()
        follow_up_id = follow_up.id
    later = f"/clients/{world.client.id}/follow-ups/{follow_up_id}"
    bad = coach.post(later, {"result": "employed", "improved_situation": "very"})
    assert bad.status_code == 400
    assert coach.post(later, {"result": "employed", "improved_situation": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(FollowUp, follow_up_id).improved_situation == "yes"


def test_the_young_person_sees_the_esf_read_in_their_own_words(app, world, as_role):
    as_role("coach").get(f"/clients/{world.client.id}/esf")
    page = as_role("client_user").get("/my/data/").get_data(as_text=True)
    assert "raportit hankkeen rahoittajalle (ESR+)" in page
    assert "esf_reporting" not in page
