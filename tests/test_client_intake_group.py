"""The new-client form puts the client in one of the coach's open groups in the same save:
the same rules as the members page (only the viewer's groups, a started group moves the client
on), one row on a double submit, and bad choices store nothing."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Group, PathwayState, group_members
from tests.conftest import form_fields
from tests.test_clients import VALID


def _open_group(app, world) -> int:
    with app.app_context():
        today = clock.today()
        group = Group(
            project_id=world.project.id,
            name="Kevään ryhmä",
            start_date=today - timedelta(days=2),
            end_date=today + timedelta(days=20),
            coaches=[db.session.merge(world.coach)],
        )
        db.session.add(group)
        db.session.commit()
        return group.id


def _clients(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Client.id)))


def _groups_of(app, last_name: str) -> list[int]:
    with app.app_context():
        return db.session.scalars(
            select(group_members.c.group_id)
            .join(Client, Client.id == group_members.c.client_id)
            .where(Client.last_name == last_name)
        ).all()


def test_a_new_client_joins_the_chosen_group_once(app, as_role, world):
    group_id = _open_group(app, world)
    coach = as_role("coach")
    page = coach.get("/clients/new").get_data(as_text=True)
    assert "Kevään ryhmä" in page and "Ryhmä 1" not in page  # ended groups are not offered
    fields = form_fields(coach, "/clients/new")
    data = {**fields, **VALID, "coach_id": str(world.coach.id), "group_id": str(group_id)}
    first = coach.post("/clients/new", data)
    again = coach.post("/clients/new", data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert _groups_of(app, "Laine") == [group_id]
    with app.app_context():
        client = db.session.scalars(select(Client).where(Client.last_name == "Laine")).one()
        assert client.state == PathwayState.ATTITUDE_TRAINING  # the group has started


def test_no_group_chosen_keeps_the_client_out_of_groups(app, as_role, world):
    coach = as_role("coach")
    ok = coach.post("/clients/new", {**VALID, "coach_id": str(world.coach.id), "group_id": "0"})
    assert ok.status_code == 302
    assert _groups_of(app, "Laine") == []


def test_another_coachs_ended_or_malformed_group_stores_nothing(app, as_role, world):
    coach = as_role("coach")
    before = _clients(app)
    for bad in (str(world.other_group.id), str(world.group.id), "abc", "9" * 40, "-1"):
        answer = coach.post(
            "/clients/new", {**VALID, "coach_id": str(world.coach.id), "group_id": bad}
        )
        assert answer.status_code == 200, bad
        assert 'class="error-summary"' in answer.get_data(as_text=True)
    assert _clients(app) == before


def test_the_edit_form_has_no_group_field(as_role, world):
    page = as_role("coach").get(f"/clients/{world.client.id}/edit").get_data(as_text=True)
    assert 'name="group_id"' not in page
