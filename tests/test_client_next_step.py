"""The client's overview offers the pathway's next step as its first button: a placement
before workplace coaching, the open Check Point, the outcome in the further pathway."""

import re

from portal.app.extensions import db
from portal.models import Client, PathwayState


def _first_button(html: str) -> str:
    actions = html.split('<div class="actions">', 1)[1]
    return re.search(r'<a class="button" href="([^"]+)"', actions).group(1)


def _set_state(app, client_id: int, state: PathwayState) -> None:
    with app.app_context():
        db.session.get(Client, client_id).state = state
        db.session.commit()


def test_before_any_placement_the_next_step_is_adding_one(app, as_role, world):
    coach = as_role("coach")
    with app.app_context():
        client = Client(
            project_id=world.project.id,
            first_name="Uusi",
            last_name="Asiakas",
            birth_year=2005,
            coach_id=world.coach.id,
            entry_date=world.client.entry_date,
        )
        db.session.add(client)
        db.session.commit()
        client_id = client.id
    html = coach.get(f"/clients/{client_id}").get_data(as_text=True)
    assert _first_button(html) == f"/clients/{client_id}/placements/new"


def test_in_the_further_pathway_the_next_step_is_the_outcome(app, as_role, world):
    _set_state(app, world.client.id, PathwayState.PATHWAY)
    html = as_role("coach").get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert _first_button(html) == f"/clients/{world.client.id}/outcome"


def test_no_next_step_button_when_nothing_is_obvious(app, as_role, world):
    _set_state(app, world.client.id, PathwayState.FOLLOW_UP)
    html = as_role("coach").get(f"/clients/{world.client.id}").get_data(as_text=True)
    actions = html.split('<div class="actions">', 1)[1].split("</div>", 1)[0]
    assert '<a class="button" ' not in actions
