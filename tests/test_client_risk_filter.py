"""The client list filtered by risk signal: computed in SQL over the viewer's own clients."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Placement
from tests.conftest import add_group_clients, app_with, count_queries, set_state
from tests.fixture_plugins import sample
from tests.test_lists import _walk

#: The portal with the sample plugin, whose ``portal_risk_signals`` raises "low_assessment".
app = app_with(PORTAL_EXTRA_PLUGINS={"sample": sample})
TODAY = clock.today()
LONG_AGO = clock.utcnow() - timedelta(days=40)


def _out_of_contact(app, world, n: int) -> list[int]:
    """``n`` of the coach's clients in workplace coaching whom nobody has met for 40 days."""
    return add_group_clients(app, world, n, state="workplace_coaching", created_at=LONG_AGO)


def _ending_unplanned(app, world) -> None:
    set_state(app, world.client.id, "workplace_coaching")
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.end_date = TODAY + timedelta(days=3)
        placement.next_step = ""
        db.session.commit()


def test_each_kind_and_any_list_only_the_signalled_clients(app, as_role, world):
    quiet = _out_of_contact(app, world, 3)
    add_group_clients(app, world, 4, state="workplace_coaching")  # met recently: no signal
    _ending_unplanned(app, world)
    coach = as_role("coach")
    assert sorted(_walk(coach, "/clients/?risk=no_contact")) == sorted(quiet)
    assert _walk(coach, "/clients/?risk=no_next_step") == [world.client.id]
    assert _walk(coach, "/clients/?risk=absences") == []
    assert sorted(_walk(coach, "/clients/?risk=any")) == sorted([*quiet, world.client.id])
    both = _walk(coach, "/clients/?risk=any&phase=workplace_coaching&sort=-name")
    assert sorted(both) == sorted([*quiet, world.client.id])
    page = coach.get("/clients/?risk=no_contact").get_data(as_text=True)
    assert '<option value="no_contact" selected>' in page


def test_another_coachs_client_never_appears(app, as_role, world):
    with app.app_context():
        other = db.session.get(Client, world.other_client.id)
        other.state, other.created_at = "workplace_coaching", LONG_AGO
        db.session.commit()
    assert world.other_client.id not in _walk(as_role("coach"), "/clients/?risk=any")
    assert world.other_client.id in _walk(as_role("admin"), "/clients/?risk=any")
    assert _walk(as_role("coach"), f"/clients/?risk=any&coach={world.other_coach.id}") == []


def test_a_client_in_a_check_point_is_not_listed_again(app, as_role, world):
    (cid,) = add_group_clients(app, world, 1, state="checkpoint", created_at=LONG_AGO)
    assert cid not in _walk(as_role("coach"), "/clients/?risk=any")


@pytest.mark.parametrize(
    "value", ["nonsense", "ANY", "no_contact%27--", "%3Cscript%3E", "x" * 5000, "plugin_signal"]
)
def test_an_unknown_kind_answers_400_with_a_message(as_role, value):
    response = as_role("coach").get(f"/clients/?risk={value}")
    assert response.status_code == 400
    assert "rajau" in response.get_data(as_text=True).lower()


def test_an_empty_value_lists_everyone(as_role, world):
    assert _walk(as_role("coach"), "/clients/?risk=") == [world.client.id]


def test_statements_are_flat_with_the_number_of_signalled_clients(app, as_role, world):
    coach = as_role("coach")

    def cost() -> int:
        with count_queries(app) as statements:
            assert coach.get("/clients/?risk=any").status_code == 200
        return len(statements)

    _out_of_contact(app, world, 5)
    small = cost()
    _out_of_contact(app, world, 120)
    assert cost() == small


def test_signals_raised_by_plugins_count_as_other_and_any(app, as_role, world):
    set_state(app, world.client.id, "workplace_coaching")
    sample.low_scores.update({world.client.id, world.other_client.id})
    try:
        coach = as_role("coach")
        assert _walk(coach, "/clients/?risk=other") == [world.client.id]
        assert _walk(coach, "/clients/?risk=any") == [world.client.id]
        assert _walk(coach, "/clients/?risk=no_contact") == []
        set_state(app, world.client.id, "checkpoint")
        assert _walk(coach, "/clients/?risk=other") == []
    finally:
        sample.low_scores.clear()
    set_state(app, world.client.id, "workplace_coaching")
    assert _walk(as_role("coach"), "/clients/?risk=other") == []
