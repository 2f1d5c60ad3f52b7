"""Phases follow the work: groups and placements move the client on, the page offers only
the moves the rules allow, and every phase, decision and status reads as words."""

from __future__ import annotations

import enum
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from portal import models
from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Checkpoint,
    FollowUp,
    Group,
    Outcome,
    Placement,
    StateTransition,
    group_members,
)
from portal.models.base import utcnow
from portal.models.labels import LABEL_SETS
from portal.pathway.progress import advance_phases
from portal.pathway.transitions import GROUP_STARTED, PLACEMENT_STARTED
from tests.conftest import move, set_state, state_of

TODAY = clock.today()


def _transitions(app, client_id: int) -> list[tuple[str, str, str, int | None]]:
    with app.app_context():
        return [
            tuple(row)
            for row in db.session.execute(
                select(
                    StateTransition.from_state,
                    StateTransition.to_state,
                    StateTransition.reason,
                    StateTransition.actor_id,
                )
                .where(StateTransition.client_id == client_id)
                .order_by(StateTransition.id)
            )
        ]


def _group(app, world, start_in_days: int) -> int:
    with app.app_context():
        group = Group(
            project_id=world.project.id,
            name="Syksy",
            start_date=TODAY + timedelta(days=start_in_days),
            end_date=TODAY + timedelta(days=start_in_days + 10),
            coaches=[db.session.get(models.User, world.coach.id)],
        )
        db.session.add(group)
        db.session.commit()
        return group.id


def _join(coach, group_id: int, client_id: int):
    return coach.post(
        f"/groups/{group_id}/members",
        {"client_ids": [str(client_id)], "version": "1", "exception_reason": "Täydentyy"},
    )


def _drop_placement(app, world) -> None:
    with app.app_context():
        db.session.delete(db.session.get(Placement, world.placement.id))
        db.session.commit()


@pytest.mark.parametrize("state", ["referred", "intake"])
def test_joining_a_started_group_moves_to_attitude_training(app, as_role, world, state):
    _drop_placement(app, world)
    set_state(app, world.client.id, state)
    group_id = _group(app, world, start_in_days=-2)
    assert _join(as_role("coach"), group_id, world.client.id).status_code == 302
    assert state_of(app, world.client.id) == "attitude_training"
    assert _transitions(app, world.client.id) == [
        (state, "attitude_training", GROUP_STARTED, world.coach.id)
    ]


def test_joining_a_group_that_starts_later_moves_when_it_starts(app, as_role, world):
    _drop_placement(app, world)
    with app.app_context():  # the client is no longer in the world's (started) group
        db.session.execute(
            group_members.delete().where(group_members.c.client_id == world.client.id)
        )
        db.session.commit()
    set_state(app, world.client.id, "intake")
    group_id = _group(app, world, start_in_days=5)
    assert _join(as_role("coach"), group_id, world.client.id).status_code == 302
    assert state_of(app, world.client.id) == "intake"
    with app.app_context():
        advance_phases(TODAY + timedelta(days=4))
    assert state_of(app, world.client.id) == "intake"
    with app.app_context():
        advance_phases(TODAY + timedelta(days=5))
    assert _transitions(app, world.client.id) == [
        ("intake", "attitude_training", GROUP_STARTED, None)
    ]


def _add_placement(coach, client_id: int, company_id: int, start_in_days: int):
    start = TODAY + timedelta(days=start_in_days)
    return coach.post(
        f"/clients/{client_id}/placements/new",
        {
            "company_id": str(company_id),
            "supervisor_id": "0",
            "kind": "workplace_coaching",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=60)).isoformat(),
            "part_time_percent": "100",
            "tasks": "",
            "next_step": "",
            "length_reason": "",
        },
    )


@pytest.mark.parametrize("start_in_days", [0, -3])
def test_adding_a_started_placement_moves_to_workplace_coaching(app, as_role, world, start_in_days):
    _drop_placement(app, world)
    set_state(app, world.client.id, "attitude_training")
    coach = as_role("coach")
    response = _add_placement(coach, world.client.id, world.company.id, start_in_days)
    assert response.status_code == 302
    assert state_of(app, world.client.id) == "workplace_coaching"
    assert _transitions(app, world.client.id) == [
        ("attitude_training", "workplace_coaching", PLACEMENT_STARTED, world.coach.id)
    ]


def test_a_placement_moves_the_client_when_its_start_date_comes(app, as_role, world):
    _drop_placement(app, world)
    set_state(app, world.client.id, "attitude_training")
    assert _add_placement(as_role("coach"), world.client.id, world.company.id, 7).status_code == 302
    assert state_of(app, world.client.id) == "attitude_training"
    with app.app_context():
        advance_phases(TODAY + timedelta(days=6))
    assert state_of(app, world.client.id) == "attitude_training"
    with app.app_context():
        assert advance_phases(TODAY + timedelta(days=7)) >= 1
    assert state_of(app, world.client.id) == "workplace_coaching"


def test_the_daily_run_is_a_command(app, world):
    """The world's client (intake, group and placement started) moves twice; the other
    client (referred, group and placement starting today) too."""
    set_state(app, world.client.id, "intake")
    result = app.test_cli_runner().invoke(args=["advance-phases"])
    assert result.exit_code == 0 and "4 moves made" in result.output
    assert state_of(app, world.client.id) == "workplace_coaching"
    assert [t[1] for t in _transitions(app, world.client.id)] == [
        "attitude_training",
        "workplace_coaching",
    ]
    assert state_of(app, world.other_client.id) == "workplace_coaching"


def test_the_last_follow_up_closes_the_relationship(app, as_role, world):
    set_state(app, world.client.id, "follow_up")
    with app.app_context():
        ids = []
        for months in (3, 6):
            follow_up = FollowUp(client_id=world.client.id, months=months, due_date=TODAY)
            db.session.add(follow_up)
            db.session.flush()
            ids.append(follow_up.id)
        db.session.commit()
    coach = as_role("coach")
    for n, follow_up_id in enumerate(ids):
        assert state_of(app, world.client.id) == "follow_up", n
        coach.post(
            f"/clients/{world.client.id}/follow-ups/{follow_up_id}",
            {"result": "employed", "notes": ""},
        )
    assert state_of(app, world.client.id) == "closed"
    assert _transitions(app, world.client.id)[-1][:3] == (
        "follow_up",
        "closed",
        "follow_ups_recorded",
    )


MOVE_BUTTON = re.compile(r'name="target" value="([a-z_]+)"')
REASON_FIELD = re.compile(r'<textarea id="reason-([a-z_]+)" name="reason"')

#: With the world's running placement: the moves each phase offers, and those needing a reason.
OFFERED = {
    "referred": ({"intake", "pathway"}, {"pathway"}),
    "intake": ({"attitude_training", "pathway"}, {"pathway"}),
    "attitude_training": ({"workplace_coaching", "pathway"}, {"pathway"}),
    "workplace_coaching": (set(), set()),
    "checkpoint": (set(), set()),
    "pathway": (set(), set()),
    "follow_up": ({"closed"}, set()),
    "closed": (set(), set()),
}


@pytest.mark.parametrize("state", list(OFFERED))
def test_the_page_offers_exactly_the_moves_the_server_accepts(app, as_role, world, state):
    coach = as_role("coach")
    set_state(app, world.client.id, state)
    page = coach.get(f"/clients/{world.client.id}").get_data(as_text=True)
    offered, with_reason = OFFERED[state]
    assert set(MOVE_BUTTON.findall(page)) == offered
    assert set(REASON_FIELD.findall(page)) == with_reason
    for target in offered:
        set_state(app, world.client.id, state)
        move(coach, world.client.id, target, reason="Muutti pois" if target in with_reason else "")
        assert state_of(app, world.client.id) == target, (state, target)


def test_a_closing_move_is_not_offered_while_follow_ups_are_open(app, as_role, world):
    set_state(app, world.client.id, "follow_up")
    with app.app_context():
        db.session.add(FollowUp(client_id=world.client.id, months=3, due_date=TODAY))
        db.session.commit()
    coach = as_role("coach")
    assert not MOVE_BUTTON.findall(coach.get(f"/clients/{world.client.id}").get_data(as_text=True))
    move(coach, world.client.id, "closed")
    assert state_of(app, world.client.id) == "follow_up"


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


STORED_CODES = {
    str(member.value)
    for kind in vars(models).values()
    if isinstance(kind, type) and issubclass(kind, enum.Enum)
    for member in kind
} | {str(code) for name in ("signal", "transition_reason") for code in LABEL_SETS[name]}


#: Codes that are also ordinary words of a language ("Ansvarig coach").
WORDS_OF = {"sv": {"coach"}, "fi": set()}


def _codes_in(text: str, lang: str) -> set[str]:
    """Stored codes seen as words (e-mail addresses aside). In English a one-word code can be
    an ordinary word ("other", "closed"), so there only codes with an underscore count."""
    words = set(re.findall(r"[a-z_]+", re.sub(r"\S+@\S+", " ", text)))
    if lang == "en":
        return {c for c in STORED_CODES & words if "_" in c}
    return STORED_CODES & words - WORDS_OF[lang]


@pytest.fixture
def rich_history(app, world):
    """The world's client with every kind of move, an open and a closed Check Point, an
    outcome and follow-ups; another client with signals for the worklist."""
    cid = world.client.id
    with app.app_context():
        moves = [
            ("referred", "intake", "Haastattelu pidetty"),
            ("intake", "attitude_training", GROUP_STARTED),
            ("attitude_training", "workplace_coaching", PLACEMENT_STARTED),
            ("workplace_coaching", "checkpoint", "Myöhästelee"),
            ("checkpoint", "workplace_coaching", "continue_intensified"),
            ("workplace_coaching", "pathway", "employed_same_field"),
            ("pathway", "follow_up", "employed_same_field"),
        ]
        for old, new, reason in moves:
            db.session.add(
                StateTransition(client_id=cid, from_state=old, to_state=new, reason=reason)
            )
        db.session.add_all(
            [
                Checkpoint(
                    client_id=cid,
                    placement_id=world.placement.id,
                    source="risk_signal",
                    signal="no_contact",
                    difficulty="Ei yhteyttä",
                    decision="continue_intensified",
                    closed_at=utcnow(),
                ),
                Checkpoint(client_id=cid, source="supervisor", difficulty="Poissaoloja"),
                Outcome(
                    client_id=cid,
                    kind="study_place",
                    on=TODAY,
                    school="Stadin AO",
                    programme="Merkonomi",
                    study_status="accepted",
                ),
                FollowUp(client_id=cid, months=3, due_date=TODAY, result="studying"),
                FollowUp(client_id=cid, months=6, due_date=TODAY),
            ]
        )
        db.session.commit()
    set_state(app, cid, "checkpoint")
    return cid


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_stored_code_is_visible(app, as_role, rich_history, lang):
    coach = as_role("coach")
    coach.post("/language", {"lang": lang, "next": "/"}, form_url="/")
    for url in (
        f"/clients/{rich_history}",
        f"/clients/{rich_history}/timeline",
        "/worklist",
    ):
        html = coach.get(url).get_data(as_text=True)
        assert f'<html lang="{lang}">' in html
        assert _codes_in(visible_text(html), lang) == set(), url
    timeline = visible_text(coach.get(f"/clients/{rich_history}/timeline").get_data(as_text=True))
    assert "→" in timeline


def test_the_check_for_codes_would_see_one(app, as_role, rich_history):
    """The check above is not blind: a code printed as is is found."""
    assert _codes_in(visible_text("<p>attitude_training → workplace_coaching</p>"), "en") == {
        "attitude_training",
        "workplace_coaching",
    }
    assert _codes_in(visible_text('<p title="closed">Suljettu</p>'), "fi") == set()
    assert _codes_in(visible_text("<p>Tila: closed</p>"), "fi") == {"closed"}


@pytest.mark.parametrize(("lang", "status"), [("fi", "Avoin"), ("sv", "Öppen"), ("en", "Open")])
def test_an_open_check_points_status_is_a_status(app, as_role, world, lang, status):
    set_state(app, world.client.id, "workplace_coaching")
    coach = as_role("coach")
    opened = coach.post(
        f"/clients/{world.client.id}/checkpoints/new", {"difficulty": "Myöhästelee"}
    )
    assert opened.status_code == 302
    coach.post("/language", {"lang": lang, "next": "/"}, form_url="/")
    page = coach.get(opened.headers["Location"]).get_data(as_text=True)
    assert f"<dd>{status}</dd>" in page
