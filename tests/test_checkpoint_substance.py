"""A Check Point with substance, walked through HTTP: what closing needs, intensified coaching
as a plan of workplace visits with a review, and the young person's view of their plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from plugins.assessments.models import Assessment
from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Checkpoint,
    CheckpointAction,
    Client,
    CoachVisit,
    IntensifiedPlan,
    User,
)
from portal.pathway.risks import no_recent_contact
from tests.conftest import PASSWORD, Browser, set_state, state_of

TODAY = clock.today()
PLAN = {
    "visits_per_week": "2",
    "plan_weeks": "3",
    "check_ins_per_week": "1",
    "focus_skill": "punctuality",
    "plan_start": TODAY.isoformat(),
}


@pytest.fixture
def opened(app, world, as_role):
    """The world's client in workplace coaching with a Check Point just opened by the coach."""
    set_state(app, world.client.id, "workplace_coaching")
    coach = as_role("coach")
    response = coach.post(
        f"/clients/{world.client.id}/checkpoints/new", {"difficulty": "Myöhästelee"}
    )
    assert response.status_code == 302
    return coach, response.headers["Location"]


def _coach_at(app, world) -> Browser:
    """The coach signed in afresh (inside ``freeze_time``, an older session has expired)."""
    coach = Browser(app.test_client())
    assert coach.login(world.coach.email).status_code == 302
    return coach


def _checkpoint(app) -> Checkpoint:
    with app.app_context():
        return db.session.scalar(select(Checkpoint))


def _page_fields(cp_url: str, version: int, **fields) -> dict:
    """Everything the open Check Point page posts, whichever button is pressed."""
    data = {
        "reassessment": "",
        "no_reassessment_reason": "",
        "decision_notes": "",
        "decision": "",
        "next_meeting": "",
        "version": str(version),
        "description": "",
        "owner_kind": "coach",
        "owner": "",
        "due_date": "",
    }
    data.update(fields)
    return data


def _close(coach: Browser, cp_url: str, **fields):
    version = _version(coach, cp_url)
    return coach.post(f"{cp_url}/close", _page_fields(cp_url, version, **fields), form_url=cp_url)


def _version(coach: Browser, cp_url: str) -> int:
    html = coach.get(cp_url).get_data(as_text=True)
    return int(html.split('name="version" type="hidden" value="')[1].split('"')[0])


def test_closing_refuses_each_missing_part_and_stores_nothing(app, world, opened):
    coach, cp_url = opened
    empty = _close(coach, cp_url, decision="continue_intensified")
    html = empty.get_data(as_text=True)
    assert empty.status_code == 400
    assert "Arvioi työelämätaidot uudelleen tai kirjoita, miksi niitä ei arvioitu." in html
    assert "Kirjoita työskentelytapojen arvio." in html
    assert "Tehostettu valmennus tarvitsee suunnitelman" in html
    assert state_of(app, world.client.id) == "checkpoint"
    stored = _check_nothing_stored(app)
    assert stored.decision == ""  # the typed decision was not saved with the refused close

    # A reason instead of a re-assessment is enough; an open action is not.
    coach.post(
        f"{cp_url}/actions",
        _page_fields(
            cp_url,
            _version(coach, cp_url),
            description="Aamusoitot",
            due_date=(TODAY + timedelta(days=3)).isoformat(),
        ),
        form_url=cp_url,
    )
    refused = _close(
        coach,
        cp_url,
        no_reassessment_reason="Esihenkilö lomalla",
        decision_notes="Herätys ja aamusoitot",
        decision="exit",
    )
    assert refused.status_code == 400
    assert "siirrä se uudelle päivälle: Aamusoitot." in refused.get_data(as_text=True)
    assert "Esihenkilö lomalla" in refused.get_data(as_text=True)  # what was typed is kept
    assert _check_nothing_stored(app).no_reassessment_reason == ""


def _check_nothing_stored(app) -> Checkpoint:
    cp = _checkpoint(app)
    assert cp.closed_at is None
    with app.app_context():
        assert db.session.scalar(select(func.count(CoachVisit.id))) == 0
    return cp


def test_adding_an_action_keeps_the_re_assessment_typed_above_it(app, opened):
    coach, cp_url = opened
    response = coach.post(
        f"{cp_url}/actions",
        _page_fields(
            cp_url,
            _version(coach, cp_url),
            reassessment="Täsmällisyys 2/5",
            description="Herätyssovellus",
            owner_kind="client",
            due_date=(TODAY + timedelta(days=2)).isoformat(),
        ),
        form_url=cp_url,
    )
    assert response.status_code == 302
    assert _checkpoint(app).reassessment == "Täsmällisyys 2/5"

    invalid = coach.post(
        f"{cp_url}/actions",
        _page_fields(cp_url, _version(coach, cp_url), reassessment="Täsmällisyys 3/5"),
        form_url=cp_url,
    )
    assert invalid.status_code == 400 and "Täsmällisyys 3/5" in invalid.get_data(as_text=True)
    assert _checkpoint(app).reassessment == "Täsmällisyys 2/5"


def test_an_action_carried_over_gets_its_new_date_and_is_listed_when_closed(app, opened):
    coach, cp_url = opened
    coach.post(
        f"{cp_url}/actions",
        _page_fields(
            cp_url, _version(coach, cp_url), description="Aamusoitot", due_date=TODAY.isoformat()
        ),
        form_url=cp_url,
    )
    with app.app_context():
        action_id = db.session.scalar(select(CheckpointAction.id))
    carry_url = f"{cp_url}/actions/{action_id}/carry"
    today_again = coach.post(
        carry_url, {f"carry-{action_id}-new_date": TODAY.isoformat()}, form_url=cp_url
    )
    assert today_again.status_code == 400
    assert "Siirrä toimenpide päivälle, joka on tämän päivän jälkeen." in today_again.get_data(
        as_text=True
    )
    later = TODAY + timedelta(days=14)
    assert (
        coach.post(
            carry_url, {f"carry-{action_id}-new_date": later.isoformat()}, form_url=cp_url
        ).status_code
        == 302
    )
    with app.app_context():
        action = db.session.get(CheckpointAction, action_id)
        assert (action.carried_from, action.due_date) == (TODAY, later)
    closed = _close(
        coach,
        cp_url,
        reassessment="Täsmällisyys 2/5",
        decision_notes="Herätys",
        decision="change_placement",
    )
    assert closed.status_code == 302
    assert "Siirretyt" in coach.get(cp_url).get_data(as_text=True)


def test_the_whole_intensified_path(app, world, opened):
    coach, cp_url = opened
    too_many = _close(
        coach,
        cp_url,
        reassessment="Täsmällisyys 2/5",
        decision_notes="Herätys",
        decision="continue_intensified",
        **{**PLAN, "visits_per_week": "6"},
    )
    assert too_many.status_code == 400
    assert "Suunnittele 1–5 valmentajan käyntiä viikossa." in too_many.get_data(as_text=True)
    closed = _close(
        coach,
        cp_url,
        reassessment="Täsmällisyys 2/5",
        decision_notes="Herätys",
        decision="continue_intensified",
        **PLAN,
    )
    assert closed.status_code == 302
    assert state_of(app, world.client.id) == "workplace_coaching"
    with app.app_context():
        plan = db.session.scalar(select(IntensifiedPlan))
        visits = db.session.scalars(select(CoachVisit).order_by(CoachVisit.due_date)).all()
        assert len(visits) == 2 * 3 and plan.end_date == TODAY + timedelta(weeks=3, days=-1)
        assert all(v.due_date.weekday() < 5 for v in visits)
        first, second = visits[0], visits[1]

    # The first visit is on the worklist this week; recording it done counts as contact.
    with freeze_time(first.due_date):
        coach = _coach_at(app, world)
        worklist = coach.get("/worklist").get_data(as_text=True)
        assert f"/visits/{first.id}/done" in worklist
        done_url = f"/clients/{world.client.id}/visits/{first.id}/done"
        ahead = coach.post(done_url, {"on": (first.due_date + timedelta(days=1)).isoformat()})
        assert ahead.status_code == 400
        ok = coach.post(done_url, {"on": first.due_date.isoformat(), "note": "Ajoissa"})
        assert ok.status_code == 302
        again = coach.post(done_url, {"on": first.due_date.isoformat()})
        assert again.status_code == 400
    with freeze_time(first.due_date + timedelta(days=14)), app.app_context():
        ids = select(Client.id).where(Client.id == world.client.id)
        assert no_recent_contact(ids, clock.today()) == []

    # The second is missed: a reason is needed.
    missed_url = f"/clients/{world.client.id}/visits/{second.id}/missed"
    with freeze_time(second.due_date + timedelta(days=1)):
        coach = _coach_at(app, world)
        assert f"/visits/{second.id}/done" in coach.get("/worklist").get_data(as_text=True)
        assert coach.post(missed_url, {"reason": ""}).status_code == 400
        assert coach.post(missed_url, {"reason": "Sairas"}).status_code == 302
        assert f"/visits/{second.id}/" not in coach.get("/worklist").get_data(as_text=True)

    # The plan's end brings its review; recording it takes the item away.
    review_url = f"/clients/{world.client.id}/plans/{plan.id}/review"
    assert review_url not in coach.get("/worklist").get_data(as_text=True)
    with freeze_time(plan.end_date):
        coach = _coach_at(app, world)
        assert review_url in coach.get("/worklist").get_data(as_text=True)
        no_weeks = coach.post(review_url, {"outcome": "continue", "notes": "Hyvä suunta"})
        assert no_weeks.status_code == 400
        assert coach.post(review_url, {"outcome": "end", "notes": "Sujuu"}).status_code == 302
        assert review_url not in coach.get("/worklist").get_data(as_text=True)
    with app.app_context():
        reviewed = db.session.get(IntensifiedPlan, plan.id)
        assert (reviewed.review_outcome, reviewed.reviewed_through) == ("end", plan.end_date)


def test_a_plan_review_can_open_a_new_check_point(app, world, opened):
    coach, cp_url = opened
    _close(
        coach,
        cp_url,
        reassessment="2/5",
        decision_notes="Herätys",
        decision="continue_intensified",
        **{**PLAN, "plan_weeks": "1"},
    )
    plan = _plan(app)
    with freeze_time(plan.end_date):
        coach = _coach_at(app, world)
        review_url = f"/clients/{world.client.id}/plans/{plan.id}/review"
        response = coach.post(review_url, {"outcome": "new_checkpoint", "notes": "Ei parane"})
        assert response.status_code == 302
    assert state_of(app, world.client.id) == "checkpoint"
    with app.app_context():
        assert db.session.scalar(select(func.count(Checkpoint.id))) == 2


def _plan(app) -> IntensifiedPlan:
    with app.app_context():
        return db.session.scalar(select(IntensifiedPlan))


def test_the_supervisor_re_assessment_is_due_within_7_days(app, opened):
    with app.app_context():
        due = db.session.scalars(
            select(Assessment.due_on).where(Assessment.occasion == "checkpoint")
        ).all()
    assert due and all(day == TODAY + timedelta(days=7) for day in due)


def test_the_young_person_sees_their_plan_and_nobody_else_does(app, world, opened, as_role):
    coach, cp_url = opened
    version = _version(coach, cp_url)
    for description, owner in (("Herätyssovellus", "client"), ("Soita esihenkilölle", "coach")):
        coach.post(
            f"{cp_url}/actions",
            _page_fields(
                cp_url,
                version,
                description=description,
                owner_kind=owner,
                due_date=(TODAY + timedelta(days=2)).isoformat(),
            ),
            form_url=cp_url,
        )
        version += 1
    with app.app_context():
        for action in db.session.scalars(select(CheckpointAction)):
            action.done_at = clock.utcnow()
        db.session.commit()
    _close(
        coach,
        cp_url,
        reassessment="Sisäinen arvio 2/5",
        decision_notes="Valmentajan muistiinpano",
        decision="continue_intensified",
        **PLAN,
    )
    cp = _checkpoint(app)
    own = as_role("client_user")
    assert f"/my/checkpoints/{cp.id}" in own.get("/").get_data(as_text=True)
    page = own.get(f"/my/checkpoints/{cp.id}").get_data(as_text=True)
    assert "Jatkat työpaikallasi" in page and "Täsmällisyys ja läsnäolo" in page
    assert "2 kertaa viikossa" in page and "Herätyssovellus" in page
    for internal in ("Myöhästelee", "Sisäinen arvio", "Valmentajan muistiinpano", "Soita esih"):
        assert internal not in page

    with app.app_context():
        other_user = User(email="eetu@example.fi", name="Eetu", role="client", active=True)
        other_user.password_hash = db.session.get(User, world.client_user.id).password_hash
        db.session.get(Client, world.other_client.id).user = other_user
        db.session.commit()
    other = Browser(app.test_client())
    assert other.login("eetu@example.fi", PASSWORD).status_code == 302
    assert other.get(f"/my/checkpoints/{cp.id}").status_code == 404


def test_employers_cannot_reach_check_point_pages(app, world, opened, as_role):
    coach, cp_url = opened
    _close(
        coach,
        cp_url,
        reassessment="2/5",
        decision_notes="Herätys",
        decision="continue_intensified",
        **PLAN,
    )
    with app.app_context():
        visit_id = db.session.scalar(select(CoachVisit.id))
    plan = _plan(app)
    employer = as_role("employer")
    cid = world.client.id
    for url in (
        cp_url,
        f"/clients/{cid}/visits/{visit_id}/done",
        f"/clients/{cid}/visits/{visit_id}/missed",
        f"/clients/{cid}/plans/{plan.id}/review",
        f"/my/checkpoints/{_checkpoint(app).id}",
    ):
        assert employer.get(url).status_code == 403, url
    assert employer.post(f"{cp_url}/close", {}, form_url="/").status_code == 403
