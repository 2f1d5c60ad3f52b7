"""The client pathway of the project's description, walked through HTTP."""

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Checkpoint,
    CheckpointAction,
    Client,
    FollowUp,
    OutboxMessage,
    PathwayState,
    Placement,
    StateTransition,
)
from portal.pathway.dates import add_months
from tests.conftest import Browser, app_with, move, state_of
from tests.fixture_plugins import sample

TODAY = clock.today()


#: The portal with the sample plugin, which records the lifecycle events.
app = app_with(PORTAL_EXTRA_PLUGINS={"sample": sample})


@pytest.fixture(autouse=True)
def no_events_yet():
    sample.events.clear()


def test_the_whole_story(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")

    # Referral and intake with competence mapping.
    created = coach.post(
        "/clients/new",
        {
            "first_name": "Amina",
            "last_name": "Hassan",
            "birth_year": "2004",
            "entry_date": (TODAY - timedelta(days=70)).isoformat(),
            "email": "amina@example.fi",
            "municipality": "Helsinki",
            "referral_source": "Ohjaamo",
            "highest_education": "foreign",
            "goal": "employment",
            "preferred_fields": "logistiikka",
            "coach_id": str(world.coach.id),
        },
    )
    cid = int(created.headers["Location"].rsplit("/", 1)[1])
    assert state_of(app, cid) == "referred"
    assert move(coach, cid, "intake").status_code == 302
    assert (
        coach.post(
            f"/clients/{cid}/prior-learning/new",
            {
                "what": "Varastotyö",
                "where": "Somalia, perheen kauppa",
                "duration": "2 vuotta",
                "evidence": "Suositus",
            },
        ).status_code
        == 302
    )
    assert (
        coach.post(
            f"/clients/{cid}/sensitive",
            {
                "immigrant_background": "y",
                "native_language": "somali",
                "finnish_level": "A2.2",
                "learning_difficulties": "",
                "support_needs": "Selkokieliset ohjeet",
            },
        ).status_code
        == 302
    )
    assert (
        coach.post(f"/clients/{cid}/consents/new", {"scope": "intake_summary"}).status_code == 302
    )

    # Group start with attendance.
    group = coach.post(
        "/groups/new",
        {
            "name": "Kevät 1",
            "start_date": (TODAY - timedelta(days=60)).isoformat(),
            "end_date": (TODAY - timedelta(days=50)).isoformat(),
            "coach_ids": [str(world.coach.id)],
        },
    )
    group_url = group.headers["Location"]
    small = coach.post(f"{group_url}/members", {"client_ids": [str(cid)]})
    assert small.status_code == 200 and "8\u201315 jäsentä" in small.get_data(as_text=True)
    assert (
        coach.post(
            f"{group_url}/members",
            {"client_ids": [str(cid)], "exception_reason": "Pilottiryhmä"},
        ).status_code
        == 302
    )
    session = coach.post(
        f"{group_url}/sessions/new",
        {
            "on": (TODAY - timedelta(days=58)).isoformat(),
            "topic": "working_life_skills",
            "title": "Työelämän pelisäännöt",
            "company_id": "0",
        },
    )
    assert coach.post(session.headers["Location"], {f"client-{cid}": "present"}).status_code == 302
    assert move(coach, cid, "attitude_training").status_code == 302

    # Workplace coaching at the partner company.
    assert (
        coach.post(
            f"/clients/{cid}/placements/new",
            {
                "company_id": str(world.company.id),
                "supervisor_id": str(world.employer.id),
                "kind": "workplace_coaching",
                "start_date": (TODAY - timedelta(days=45)).isoformat(),
                "end_date": TODAY.isoformat(),
                "part_time_percent": "80",
                "tasks": "Keräily ja hyllytys",
                "next_step": "",
                "length_reason": "",
            },
        ).status_code
        == 302
    )
    assert move(coach, cid, "workplace_coaching").status_code == 302
    assert state_of(app, cid) == "workplace_coaching"

    # The supervisor sees the trainee, what she agreed to share, and raises a concern.
    trainee = employer.get(f"/trainees/{cid}").get_data(as_text=True)
    assert "Amina Hassan" in trainee and "Varastotyö" in trainee and "somali" not in trainee
    assert (
        employer.post(
            f"/trainees/{cid}/concern", {"difficulty": "Myöhästelee aamuisin"}
        ).status_code
        == 302
    )
    assert state_of(app, cid) == "checkpoint"
    with app.app_context():
        cp = db.session.scalar(select(Checkpoint).where(Checkpoint.client_id == cid))
        assert cp.source == "supervisor"
        assert (
            db.session.scalar(
                select(func.count(OutboxMessage.id)).where(
                    OutboxMessage.recipient == world.coach.email
                )
            )
            == 1
        )
    worklist = coach.get("/worklist").get_data(as_text=True)
    assert "Amina Hassan" in worklist

    # Intensified coaching decided at the Check Point.
    cp_url = f"/clients/{cid}/checkpoints/{cp.id}"
    closing_too_early = coach.post(f"{cp_url}/close", {}, form_url=cp_url)
    assert closing_too_early.status_code == 400 and state_of(app, cid) == "checkpoint"
    assert (
        coach.post(
            cp_url,
            {
                "reassessment": "Täsmällisyys 2/5",
                "decision": "continue_intensified",
                "decision_notes": "Herätyssovellus, valmentaja soittaa aamuisin",
                "next_meeting": (TODAY + timedelta(days=7)).isoformat(),
                "visits_per_week": "2",
                "plan_weeks": "1",
                "check_ins_per_week": "1",
                "focus_skill": "punctuality",
                "plan_start": TODAY.isoformat(),
            },
        ).status_code
        == 302
    )
    assert (
        coach.post(
            f"{cp_url}/actions",
            {
                "description": "Aamusoitot viikon ajan",
                "owner": "Valmentaja",
                "due_date": (TODAY + timedelta(days=7)).isoformat(),
            },
            form_url=cp_url,
        ).status_code
        == 302
    )
    with app.app_context():
        action_id = db.session.scalar(select(CheckpointAction.id))
    coach.post(f"{cp_url}/actions/{action_id}/done", {}, form_url=cp_url)
    assert coach.post(f"{cp_url}/close", {}, form_url=cp_url).status_code == 302
    assert state_of(app, cid) == "workplace_coaching"

    # The placement ends; the client moves on; the outcome is recorded.
    with app.app_context():
        pid = db.session.scalar(select(Placement.id).where(Placement.client_id == cid))
    assert (
        coach.post(
            f"/clients/{cid}/placements/{pid}/end",
            {"on": TODAY.isoformat(), "reason": "Hyvin mennyt"},
        ).status_code
        == 302
    )
    assert move(coach, cid, "pathway", "Työssävalmennus päättyi").status_code == 302
    missing = coach.post(
        f"/clients/{cid}/outcome",
        {
            "kind": "employed_coaching_company",
            "on": TODAY.isoformat(),
            "company_id": "0",
            "partner_id": "0",
            "study_status": "",
        },
    )
    assert missing.status_code == 400 and "Valitse valmennusyritys" in missing.get_data(
        as_text=True
    )
    assert (
        coach.post(
            f"/clients/{cid}/outcome",
            {
                "kind": "employed_coaching_company",
                "on": TODAY.isoformat(),
                "company_id": str(world.company.id),
                "partner_id": "0",
                "study_status": "",
            },
        ).status_code
        == 302
    )
    assert state_of(app, cid) == "follow_up"

    # The client sees her own path.
    with app.app_context():
        client = db.session.get(Client, cid)
        client.email = "amina.h@example.fi"
        db.session.commit()
    coach.post(f"/clients/{cid}/account", {}, form_url=f"/clients/{cid}")
    with app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.recipient == "amina.h@example.fi")
        )
    link = next(w for w in mail.body.split() if "/invitation/" in w)
    amina = Browser(app.test_client())
    new_password = "kaksi kuppia teetä aamulla"
    assert (
        amina.post(
            link[link.index("/invitation/") :], {"password": new_password, "confirm": new_password}
        ).status_code
        == 302
    )
    assert amina.login("amina.h@example.fi", new_password).status_code == 302
    my_path = amina.get("/").get_data(as_text=True)
    assert "Seuraava askeleeni" in my_path and "Kaisa Valmentaja" in my_path
    assert "Valmentaja kysyy kuulumisia" in my_path  # the follow-up dates
    assert (
        amina.post(
            "/my/job-search",
            {
                "on": TODAY.isoformat(),
                "kind": "application",
                "organisation": "Posti",
                "result": "pending",
            },
        ).status_code
        == 302
    )

    # Follow-ups come due at 3 and 6 months and are recorded.
    with app.app_context():
        follow_ups = db.session.scalars(
            select(FollowUp).where(FollowUp.client_id == cid).order_by(FollowUp.months)
        ).all()
    assert [f.due_date for f in follow_ups] == [add_months(TODAY, 3), add_months(TODAY, 6)]
    assert "Amina Hassan" not in coach.get("/worklist").get_data(as_text=True)
    for follow_up in follow_ups:
        with freeze_time(follow_up.due_date):
            later = as_role("coach")
            assert "Amina Hassan" in later.get("/worklist").get_data(as_text=True)
            assert (
                later.post(
                    f"/clients/{cid}/follow-ups/{follow_up.id}",
                    {"result": "employed", "notes": "Vakituinen"},
                ).status_code
                == 302
            )
    assert state_of(app, cid) == "closed"
    with app.app_context():
        moves = db.session.execute(
            select(StateTransition.from_state, StateTransition.to_state)
            .where(StateTransition.client_id == cid)
            .order_by(StateTransition.id)
        ).all()
    assert [m[1] for m in moves] == [
        "intake",
        "attitude_training",
        "workplace_coaching",
        "checkpoint",
        "workplace_coaching",
        "pathway",
        "follow_up",
        "closed",
    ]
    assert [e[0] for e in sample.events] == [
        "client_created",
        "placement_started",
        "checkpoint_opened",
        "checkpoint_closed",
        "placement_ended",
        "outcome_recorded",
        "user_created",
    ]
    timeline = coach.get(f"/clients/{cid}/timeline").get_data(as_text=True)
    assert "Check Point" in timeline and "Varastotyö" in timeline


def test_hook_portal_placement_started(app, world, as_role):
    with app.app_context():
        db.session.get(Client, world.client.id).state = "attitude_training"
        db.session.commit()
    coach = as_role("coach")
    assert (
        coach.post(
            f"/clients/{world.client.id}/placements/new",
            {
                "company_id": str(world.company.id),
                "supervisor_id": "0",
                "kind": "work_trial",
                "start_date": (TODAY + timedelta(days=70)).isoformat(),
                "end_date": (TODAY + timedelta(days=100)).isoformat(),
                "part_time_percent": "100",
            },
        ).status_code
        == 302
    )
    assert [e[0] for e in sample.events] == ["placement_started"]


def _into_workplace_coaching(app, world):
    with app.app_context():
        db.session.get(Client, world.client.id).state = PathwayState.WORKPLACE_COACHING
        db.session.commit()


def test_hook_portal_checkpoint_opened(app, world, as_role):
    _into_workplace_coaching(app, world)
    coach = as_role("coach")
    response = coach.post(
        f"/clients/{world.client.id}/checkpoints/new", {"difficulty": "Poissaoloja"}
    )
    assert response.status_code == 302
    assert [e[0] for e in sample.events] == ["checkpoint_opened"]
    again = coach.post(f"/clients/{world.client.id}/checkpoints/new", {"difficulty": "Uusi"})
    assert again.status_code == 400 and "on jo auki" in again.get_data(as_text=True)


def _open_and_decide(app, world, as_role, decision):
    _into_workplace_coaching(app, world)
    coach = as_role("coach")
    opened = coach.post(f"/clients/{world.client.id}/checkpoints/new", {"difficulty": "Ei viihdy"})
    cp_url = opened.headers["Location"]
    coach.post(
        cp_url,
        {"decision": decision, "reassessment": "2/5", "decision_notes": "Ei"},
    )
    return coach, cp_url


def test_hook_portal_checkpoint_closed(app, world, as_role):
    coach, cp_url = _open_and_decide(app, world, as_role, "exit")
    assert coach.post(f"{cp_url}/close", {}, form_url=cp_url).status_code == 302
    assert state_of(app, world.client.id) == "pathway"
    with app.app_context():
        assert db.session.get(Placement, world.placement.id).ended_on == TODAY
    # The decision ended the placement: plugins hear that too, after the Check Point closed.
    assert [e[0] for e in sample.events] == [
        "checkpoint_opened",
        "checkpoint_closed",
        "placement_ended",
    ]


def test_pause_keeps_the_check_point_open(app, world, as_role):
    coach, cp_url = _open_and_decide(app, world, as_role, "pause")
    refused = coach.post(f"{cp_url}/close", {}, form_url=cp_url)
    assert state_of(app, world.client.id) == "checkpoint"
    assert "muu päätös kuin tauko" in refused.get_data(as_text=True)


def test_hook_portal_placement_ended(app, world, as_role):
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.end_date = TODAY
        db.session.commit()
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/placements/{world.placement.id}/end"
    assert coach.post(url, {"on": TODAY.isoformat(), "reason": "Valmis"}).status_code == 302
    assert [e[0] for e in sample.events] == ["placement_ended"]
    assert coach.post(url, {"on": TODAY.isoformat()}).status_code == 400


def test_hook_portal_outcome_recorded(app, world, as_role):
    with app.app_context():
        db.session.get(Client, world.client.id).state = PathwayState.PATHWAY
        db.session.commit()
    coach = as_role("coach")
    assert (
        coach.post(
            f"/clients/{world.client.id}/outcome",
            {
                "kind": "study_place",
                "on": TODAY.isoformat(),
                "school": "Stadin AO",
                "programme": "Logistiikan perustutkinto",
                "study_status": "accepted",
                "company_id": "0",
                "partner_id": "0",
            },
        ).status_code
        == 302
    )
    assert [e[0] for e in sample.events] == ["outcome_recorded"]


def test_hook_portal_risk_signals(app, world, as_role):
    _into_workplace_coaching(app, world)
    sample.low_scores.add(world.client.id)
    try:
        html = as_role("coach").get("/worklist").get_data(as_text=True)
    finally:
        sample.low_scores.clear()
    assert "Low assessment score" in html and "Aino Virtanen" in html
    assert f"/clients/{world.client.id}/checkpoints/new?signal=low_assessment" in html
