"""Leaving workplace coaching early goes through a Check Point, whichever form is tried;
being hired or getting a study place is a success that needs none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Checkpoint, FollowUp, Outcome, Placement, StateTransition
from tests.conftest import move, set_state, state_of

TODAY = clock.today()
OPEN_CHECKPOINT_LINK = "/checkpoints/new"


@pytest.fixture
def coaching(app, world, as_role):
    """The world's client in workplace coaching, the placement running (ends in 50 days)."""
    set_state(app, world.client.id, "workplace_coaching")
    return as_role("coach")


def _nothing_changed(app, world) -> None:
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        assert placement.ended_on is None and placement.version == 1
        assert placement.end_date == TODAY + timedelta(days=50)
        assert placement.start_date == TODAY - timedelta(days=10)
        assert placement.company_id == world.company.id
        for model in (StateTransition, Outcome, Checkpoint, FollowUp):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
    assert state_of(app, world.client.id) == "workplace_coaching"


def _edit(world, **changes) -> dict:
    data = {
        "company_id": str(world.company.id),
        "supervisor_id": str(world.employer.id),
        "kind": "workplace_coaching",
        "start_date": (TODAY - timedelta(days=10)).isoformat(),
        "end_date": (TODAY + timedelta(days=50)).isoformat(),
        "part_time_percent": "100",
        "tasks": "Keräily",
        "next_step": "",
        "length_reason": "",
        "version": "1",
    }
    return {**data, **changes}


def _url(world, suffix: str = "") -> str:
    return f"/clients/{world.client.id}/placements/{world.placement.id}{suffix}"


def _refused(response, message: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[:500]
    assert message in html
    assert OPEN_CHECKPOINT_LINK in html  # the way out is offered on the page
    return html


@pytest.mark.parametrize("end_date", [TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=49)])
def test_shortening_the_planned_end_is_refused(app, world, coaching, end_date):
    response = coaching.post(_url(world), _edit(world, end_date=end_date.isoformat()))
    _refused(response, "lyhentäminen päättää sen ennenaikaisesti")
    _nothing_changed(app, world)


def test_lengthening_the_planned_end_is_allowed(app, world, coaching):
    later = TODAY + timedelta(days=60)
    assert coaching.post(_url(world), _edit(world, end_date=later.isoformat())).status_code == 302
    with app.app_context():
        assert db.session.get(Placement, world.placement.id).end_date == later


@pytest.mark.parametrize(
    "changes",
    [
        {"start_date": (TODAY + timedelta(days=1)).isoformat()},
        {"company_id": "other", "supervisor_id": "0"},
    ],
    ids=["start-later", "other-company"],
)
def test_moving_a_running_placement_is_refused(app, world, coaching, changes):
    if changes.get("company_id") == "other":  # ids differ between databases: name it here
        changes = {**changes, "company_id": str(world.other_company.id)}
    response = coaching.post(_url(world), _edit(world, **changes))
    _refused(response, "siirtäminen päättää sen")
    _nothing_changed(app, world)


def test_ending_early_without_a_check_point_is_refused(app, world, coaching):
    response = coaching.post(
        _url(world, "/end"),
        {"ending": "as_planned", "on": TODAY.isoformat(), "reason": "Ei jaksa"},
    )
    _refused(response, "käsitellään Check Pointissa")
    _nothing_changed(app, world)


@pytest.mark.parametrize("target", ["pathway", "follow_up", "closed", "intake", "checkpoint"])
def test_no_hand_move_out_of_workplace_coaching(app, world, coaching, target):
    assert move(coaching, world.client.id, target).status_code == 302
    page = coaching.get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert 'class="flash flash-error"' in page and "Avaa Check Point" in page
    assert OPEN_CHECKPOINT_LINK in page
    _nothing_changed(app, world)


def test_editing_the_end_then_moving_on_is_refused_twice(app, world, coaching):
    """The bypass of the issue: planned end to yesterday, then straight to the pathway."""
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert coaching.post(_url(world), _edit(world, end_date=yesterday)).status_code == 400
    move(coaching, world.client.id, "pathway", "Jakso päättyi")
    _nothing_changed(app, world)


def test_the_same_holds_while_a_check_point_is_open(app, world, coaching):
    """An open Check Point decides the end: the end form does not."""
    opened = coaching.post(f"/clients/{world.client.id}/checkpoints/new", {"difficulty": "X"})
    assert opened.status_code == 302 and state_of(app, world.client.id) == "checkpoint"
    response = coaching.post(
        _url(world, "/end"), {"ending": "as_planned", "on": TODAY.isoformat(), "reason": ""}
    )
    assert response.status_code == 400
    assert "sen päätös päättää jakson" in response.get_data(as_text=True)
    shortened = coaching.post(
        _url(world), _edit(world, end_date=(TODAY - timedelta(days=1)).isoformat())
    )
    assert shortened.status_code == 400
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        assert placement.ended_on is None and placement.end_date == TODAY + timedelta(days=50)


def test_ending_on_the_planned_day_moves_the_client_on(app, world, coaching):
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.end_date = TODAY
        db.session.commit()
    response = coaching.post(
        _url(world, "/end"), {"ending": "as_planned", "on": TODAY.isoformat(), "reason": "Hyvä"}
    )
    assert response.status_code == 302
    assert state_of(app, world.client.id) == "pathway"
    with app.app_context():
        moved = db.session.scalars(select(StateTransition)).one()
        assert (moved.to_state, moved.reason, moved.actor_id) == (
            "pathway",
            "placement_completed",
            world.coach.id,
        )


SUCCESSES = [
    ({"ending": "employed_coaching_company"}, {"kind": "employed_coaching_company"}),
    (
        {"ending": "employed_same_field", "employer_name": "Posti", "field": "logistiikka"},
        {"kind": "employed_same_field", "employer_name": "Posti", "field": "logistiikka"},
    ),
    (
        {"ending": "employed_other_field", "employer_name": "K-Market", "field": "kauppa"},
        {"kind": "employed_other_field", "employer_name": "K-Market"},
    ),
    (
        {
            "ending": "study_place",
            "school": "Stadin AO",
            "programme": "Merkonomi",
            "study_status": "accepted",
        },
        {"kind": "study_place", "school": "Stadin AO", "study_status": "accepted"},
    ),
]


@pytest.mark.parametrize(("form", "stored"), SUCCESSES, ids=[s[1]["kind"] for s in SUCCESSES])
def test_hired_during_the_placement_is_a_success_without_a_check_point(
    app, world, coaching, form, stored
):
    yesterday = TODAY - timedelta(days=1)
    response = coaching.post(
        _url(world, "/end"), {**form, "on": yesterday.isoformat(), "reason": "Palkattiin"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    assert state_of(app, world.client.id) == "follow_up"
    with app.app_context():
        assert db.session.scalar(select(func.count(Checkpoint.id))) == 0
        placement = db.session.get(Placement, world.placement.id)
        assert (placement.ended_on, placement.end_reason) == (yesterday, "Palkattiin")
        outcome = db.session.scalars(select(Outcome)).one()
        assert outcome.on == yesterday and outcome.recorded_by_id == world.coach.id
        for key, value in stored.items():
            assert getattr(outcome, key) == value
        if outcome.kind == "employed_coaching_company":
            assert outcome.company_id == world.company.id
        assert db.session.scalar(select(func.count(FollowUp.id))) == 2
        moves = db.session.execute(
            select(StateTransition.to_state, StateTransition.reason).order_by(StateTransition.id)
        ).all()
    assert [tuple(m) for m in moves] == [
        ("pathway", stored["kind"]),
        ("follow_up", stored["kind"]),
    ]
    timeline = coaching.get(f"/clients/{world.client.id}/timeline").get_data(as_text=True)
    assert stored["kind"] not in timeline


def test_a_success_needs_its_details_and_stores_nothing_without_them(app, world, coaching):
    response = coaching.post(
        _url(world, "/end"),
        {"ending": "employed_same_field", "on": TODAY.isoformat(), "employer_name": ""},
    )
    assert response.status_code == 400 and "Anna työnantaja" in response.get_data(as_text=True)
    _nothing_changed(app, world)
