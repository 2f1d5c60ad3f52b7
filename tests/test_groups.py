from datetime import timedelta

from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Group, group_members
from tests.support.world import add_group_clients


def test_coach_creates_group_and_chooses_members(app, as_role, world):
    coach = as_role("coach")
    start = clock.today()
    bad = coach.post(
        "/groups/new",
        {
            "name": "Kevät",
            "start_date": start.isoformat(),
            "end_date": (start - timedelta(days=1)).isoformat(),
            "coach_ids": [str(world.coach.id)],
        },
    )
    assert "ei voi olla ennen alkamispäivää" in bad.get_data(as_text=True)
    nonsense = coach.post(
        "/groups/new",
        {"name": "Kevät", "start_date": "31.2.2026", "end_date": "x", "coach_ids": ["999"]},
    )
    assert nonsense.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Group.id))) == 2
    ok = coach.post(
        "/groups/new",
        {
            "name": "Kevät",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=10)).isoformat(),
            "coach_ids": [str(world.coach.id)],
        },
    )
    assert ok.status_code == 302
    group_url = ok.headers["Location"]
    members = coach.post(
        f"{group_url}/members",
        {
            "client_ids": [str(world.client.id)],
            "exception_reason": "Uusi ryhmä täyttyy vähitellen",
        },
    )
    assert members.status_code == 302
    assert "Virtanen" in coach.get(group_url).get_data(as_text=True)


def test_coach_cannot_add_another_coachs_client(app, as_role, world):
    coach = as_role("coach")
    response = coach.post(
        f"/groups/{world.group.id}/members",
        {"client_ids": [str(world.other_client.id)], "exception_reason": "x"},
    )
    assert response.status_code == 200  # not a valid choice for this coach
    with app.app_context():
        members = db.session.scalars(
            select(group_members.c.client_id).where(group_members.c.group_id == world.group.id)
        ).all()
    assert members == [world.client.id]


def _member_ids(group_id: int) -> list[int]:
    return db.session.scalars(
        select(group_members.c.client_id).where(group_members.c.group_id == group_id)
    ).all()


def test_unticking_members_asks_first_and_then_saves_once(app, as_role, world):
    (extra,) = add_group_clients(app, world, 1)
    coach = as_role("coach")
    url = f"/groups/{world.group.id}/members"
    unticked = {"client_ids": [str(world.client.id)], "exception_reason": "Ryhmä päättyy"}
    asked = coach.post(url, unticked, form_url=url)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Poistetaanko 1 jäsen ryhmästä?" in html
    assert 'value="yes"' in html
    with app.app_context():
        assert sorted(_member_ids(world.group.id)) == sorted([world.client.id, extra])
    confirmed = {**unticked, "confirmed": "yes"}
    assert coach.post(url, confirmed, form_url=url).status_code == 302
    with app.app_context():
        assert _member_ids(world.group.id) == [world.client.id]


def test_keeping_every_member_is_not_asked(app, as_role, world):
    coach = as_role("coach")
    url = f"/groups/{world.group.id}/members"
    kept = {"client_ids": [str(world.client.id)], "exception_reason": "Pieni ryhmä"}
    assert coach.post(url, kept, form_url=url).status_code == 302
