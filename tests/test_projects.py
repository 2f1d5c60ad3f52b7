"""The projects' pages: the admin adds and edits projects and their people, a project manager
edits their own; new clients and groups go only to a project their creator works in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Group, Project, Role, User, project_coaches
from tests.conftest import count_queries
from tests.support.browser import PASSWORD, Browser
from tests.support.world import World

FORM = {
    "name": "Uusi hanke",
    "funder": "ESR+",
    "funding_code": "S30999",
    "period_start": "2026-01-01",
    "period_end": "2027-12-31",
    "target_clients": "100",
    "target_immigrant_percent": "30",
    "target_positive_percent": "60",
    "reporting_deadlines": "31.3.2027",
    "quality_remind_days": "14",
}


def _projects(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Project.id)))


def _manager(app, world: World, project_id: int) -> Browser:
    with app.app_context():
        password = db.session.get(User, world.coach.id).password_hash
        manager = User(
            email="pm@example.fi",
            name="Pia",
            role=Role.PROJECT_MANAGER,
            password_hash=password,
            project_id=project_id,
        )
        db.session.add(manager)
        db.session.commit()
    browser = Browser(app.test_client())
    assert browser.login("pm@example.fi", PASSWORD).status_code == 302
    return browser


@pytest.mark.parametrize(
    "bad",
    [
        {"period_end": "2025-12-31"},
        {"target_clients": "-1"},
        {"target_positive_percent": "101"},
        {"period_start": "1.1.1990"},
        {"period_start": "x"},
        {"reporting_deadlines": "=cmd|' /C calc'!A0"},
        {"name": ""},
        {"name": "<script>alert(1)</script>" * 20},
        {"funding_code": "x" * 61},
    ],
)
def test_bad_project_input_is_refused_and_stores_nothing(app, world, as_role, bad):
    response = as_role("admin").post("/projects/new", {**FORM, **bad})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert _projects(app) == 1


def test_the_admin_adds_a_project_once_and_chooses_its_people(app, world, as_role):
    admin = as_role("admin")
    page = admin.get("/projects/new")
    data = {**admin._form_or_token("/projects/new", action="/projects/new"), **FORM}
    first = admin.client.post("/projects/new", data=data)
    admin.client.post("/projects/new", data=data)  # sent twice
    assert first.status_code == 302 and page.status_code == 200
    assert _projects(app) == 2
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.name == "Uusi hanke"))
        assert (project.funder, project.funding_code, project.target_clients) == (
            "ESR+",
            "S30999",
            100,
        )
        assert project.deadlines() == [date(2027, 3, 31)]
        assert project.organisation_id == db.session.get(Project, world.project.id).organisation_id
    url = f"/projects/{project.id}/people"
    people = {"coach_ids": [str(world.coach.id)], "company_ids": [str(world.company.id)]}
    # a supervisor is not offered as a coach: refused, nothing changes
    not_a_coach = {**people, "coach_ids": [str(world.coach.id), str(world.employer.id)]}
    assert admin.post(url, not_a_coach).status_code == 200
    assert admin.post(url, people).status_code == 302
    with app.app_context():
        coaches = db.session.scalars(
            select(project_coaches.c.user_id).where(project_coaches.c.project_id == project.id)
        ).all()
        assert coaches == [world.coach.id]
    assert "Uusi hanke" in admin.get("/projects/").get_data(as_text=True)


def test_a_project_manager_edits_their_project_only(app, world, as_role):
    with app.app_context():
        other = Project(
            organisation_id=db.session.get(Project, world.project.id).organisation_id,
            name="Muu",
            period_start=date(2026, 1, 1),
            period_end=date(2027, 1, 1),
        )
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    manager = _manager(app, world, world.project.id)
    assert "Polku" in manager.get("/").get_data(as_text=True)  # their project is their start
    url = f"/projects/{world.project.id}/edit"
    assert manager.post(url, {**FORM, "name": "Polku 2"}).status_code == 302
    for path in (f"/projects/{other_id}/edit", f"/projects/{other_id}/people"):
        assert manager.get(path).status_code == 404
    assert manager.get("/projects/new").status_code == 403
    assert as_role("coach").get("/projects/").status_code == 403
    with app.app_context():
        assert db.session.get(Project, world.project.id).name == "Polku 2"
        assert db.session.get(Project, other_id).name == "Muu"


def test_two_edits_of_the_same_project_do_not_overwrite_each_other(app, world, as_role):
    first, second = as_role("admin"), as_role("admin")
    url = f"/projects/{world.project.id}/edit"
    stale = second._form_or_token(url, action=url)
    assert first.post(url, {**FORM, "name": "Ensimmäinen"}).status_code == 302
    clash = second.client.post(url, data={**stale, **FORM, "name": "Toinen"})
    assert clash.status_code == 409
    with app.app_context():
        assert db.session.get(Project, world.project.id).name == "Ensimmäinen"


def test_the_old_settings_address_edits_the_default_project(app, world, as_role):
    admin = as_role("admin")
    assert "S30999" not in admin.get("/reports/settings").get_data(as_text=True)
    assert admin.post("/reports/settings", FORM).status_code == 302
    with app.app_context():
        assert db.session.get(Project, world.project.id).funding_code == "S30999"


def test_new_clients_and_groups_go_only_to_a_project_the_creator_works_in(app, world, as_role):
    with app.app_context():
        first = db.session.get(Project, world.project.id)
        elsewhere = Project(
            organisation_id=first.organisation_id,
            name="Muu hanke",
            period_start=first.period_start,
            period_end=first.period_end,
            coaches=[db.session.get(User, world.other_coach.id)],
        )
        db.session.add(elsewhere)
        db.session.commit()
        elsewhere_id = elsewhere.id
    coach = as_role("coach")  # works only in the world's project: no choice on the form
    assert 'name="project_id"' not in coach.get("/clients/new").get_data(as_text=True)
    client = {
        "first_name": "Emma",
        "last_name": "Laine",
        "birth_year": "2004",
        "entry_date": clock.today().isoformat(),
        "highest_education": "basic",
        "goal": "unclear",
        "employment_status": "unknown",
        "coach_id": str(world.coach.id),
        "group_id": "0",
    }
    refused = coach.post("/clients/new", {**client, "project_id": str(elsewhere_id)})
    assert refused.status_code == 302  # the field is not on the form: the only project is used
    other = as_role("other_coach")  # works in both: chooses
    assert 'name="project_id"' in other.get("/clients/new").get_data(as_text=True)
    wrong_coach = other.post("/clients/new", {**client, "project_id": str(elsewhere_id)})
    assert wrong_coach.status_code == 200  # the world's coach is not in the other project
    group = {
        "name": "Ryhmä X",
        "start_date": clock.today().isoformat(),
        "end_date": (clock.today() + timedelta(days=10)).isoformat(),
        "coach_ids": [str(world.other_coach.id)],
    }
    assert other.post("/groups/new", {**group, "project_id": "999999"}).status_code == 200
    assert other.post("/groups/new", {**group, "project_id": str(elsewhere_id)}).status_code == 302
    with app.app_context():
        projects = dict(db.session.execute(select(Client.last_name, Client.project_id)).all())
        assert projects["Laine"] == world.project.id
        assert db.session.scalar(select(func.count(Client.id))) == 3
        assert db.session.scalar(select(Group.project_id).where(Group.name == "Ryhmä X")) == (
            elsewhere_id
        )


def test_a_form_for_a_coach_in_one_project_asks_nothing_of_the_projects_table(app, world, as_role):
    """The signed-in user's number of projects comes with the session's statement: the forms
    of a coach in one project run no statement of their own to learn it."""
    coach = as_role("coach")
    for path in ("/clients/new", "/groups/new"):
        coach.get(path)
        with count_queries(app) as seen:
            assert coach.get(path).status_code == 200
        assert not [s for s in seen if s.startswith("SELECT projects.")], path
    # a second project: the number is read again on the next request, and the form asks
    with app.app_context():
        first = db.session.get(Project, world.project.id)
        db.session.add(
            Project(
                organisation_id=first.organisation_id,
                name="Toinen",
                period_start=first.period_start,
                period_end=first.period_end,
                coaches=[db.session.get(User, world.coach.id)],
            )
        )
        db.session.commit()
    assert 'name="project_id"' in coach.get("/clients/new").get_data(as_text=True)
