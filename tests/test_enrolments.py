"""Enrolling a young person again in another project: the same person, a new enrolment
linked to the one before, shown both ways only to those who may see the other one."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, Client, PathwayState, Person, Project, User
from portal.privacy.subject import collect_export
from portal.projects.enrolment import enrol_again
from tests.support.world import World, set_state


def _second_project(app, world: World, *coaches: str) -> int:
    """Project B of the world's organisation, with the named coaches of the world in it."""
    with app.app_context():
        first = db.session.get(Project, world.project.id)
        project = Project(
            organisation_id=first.organisation_id,
            name="Toinen hanke",
            period_start=first.period_start + timedelta(days=30),
            period_end=first.period_end + timedelta(days=365),
            coaches=[db.session.get(User, getattr(world, name).id) for name in coaches],
        )
        db.session.add(project)
        db.session.commit()
        return project.id


def _enrol(browser, world: World, project_id: int):
    url = f"/clients/{world.client.id}"
    return browser.post(f"{url}/enrol-again", {"project_id": str(project_id)}, form_url=url)


def test_enrolling_again_links_both_ways_and_moves_the_sign_in(app, world, as_role):
    project_b = _second_project(app, world, "coach")
    set_state(app, world.client.id, PathwayState.CLOSED)
    coach = as_role("coach")
    page = coach.get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert "Enrol in another project" in page or "Ilmoita toiseen hankkeeseen" in page
    response = _enrol(coach, world, project_b)
    assert response.status_code == 302
    with app.app_context():
        earlier = db.session.get(Client, world.client.id)
        later = db.session.scalars(
            select(Client).where(Client.previous_enrolment_id == earlier.id)
        ).one()
        assert response.headers["Location"].endswith(f"/clients/{later.id}")
        assert (later.person_id, later.project_id) == (earlier.person_id, project_b)
        assert (later.first_name, later.email, later.birth_year) == (
            earlier.first_name,
            earlier.email,
            earlier.birth_year,
        )
        assert (later.state, later.coach_id) == (PathwayState.REFERRED, world.coach.id)
        assert (earlier.user_id, later.user_id) == (None, world.client_user.id)
        events = db.session.scalars(
            select(AuditEvent.client_id).where(AuditEvent.action == "client.enrol_again")
        ).all()
        assert sorted(events) == sorted([earlier.id, later.id])
    later_page = coach.get(f"/clients/{later.id}").get_data(as_text=True)
    assert f'href="/clients/{world.client.id}"' in later_page
    earlier_page = coach.get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert f'href="/clients/{later.id}"' in earlier_page and "Toinen hanke" in earlier_page
    # the young person's own page is now the new enrolment's
    assert as_role("client_user").get("/").status_code == 200


def test_the_link_is_shown_only_to_who_may_see_the_other_enrolment(app, world, as_role):
    project_b = _second_project(app, world, "other_coach")
    set_state(app, world.client.id, PathwayState.CLOSED)
    with app.app_context():
        later = enrol_again(
            db.session.get(Client, world.client.id),
            project_b,
            db.session.get(User, world.other_coach.id),
        )
        later_id = later.id
    other = as_role("other_coach")  # coaches the new enrolment, not the earlier one
    page = other.get(f"/clients/{later_id}").get_data(as_text=True)
    assert f'href="/clients/{world.client.id}"' not in page
    assert other.get(f"/clients/{world.client.id}").status_code == 404
    coach = as_role("coach")  # the earlier one's coach, not in project B
    assert f'href="/clients/{later_id}"' not in coach.get(f"/clients/{world.client.id}").get_data(
        as_text=True
    )
    admin = as_role("admin")
    assert f'href="/clients/{world.client.id}"' in admin.get(f"/clients/{later_id}").get_data(
        as_text=True
    )


def test_enrolling_again_is_refused_while_the_enrolment_runs_or_elsewhere(app, world, as_role):
    project_b = _second_project(app, world)  # the coach does not work in it
    coach = as_role("coach")
    running = _enrol(coach, world, world.project.id)
    assert running.status_code == 302
    set_state(app, world.client.id, PathwayState.CLOSED)
    for project_id in (project_b, 999999, "x"):
        assert _enrol(coach, world, project_id).status_code == 302
    assert _enrol(as_role("other_coach"), world, world.project.id).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Client.id))) == 2
        assert db.session.scalar(select(func.count(Person.id))) == 2


def test_a_double_submit_enrols_once(app, world, as_role):
    project_b = _second_project(app, world, "coach")
    set_state(app, world.client.id, PathwayState.CLOSED)
    coach = as_role("coach")
    url = f"/clients/{world.client.id}"
    form = coach._form_or_token(url, action=f"{url}/enrol-again")
    data = {**form, "project_id": str(project_b)}
    assert coach.client.post(f"{url}/enrol-again", data=data).status_code == 302
    assert coach.client.post(f"{url}/enrol-again", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Client.id))) == 3


def test_subject_access_and_erasure_cover_every_enrolment(app, world, as_role):
    project_b = _second_project(app, world, "coach")
    set_state(app, world.client.id, PathwayState.CLOSED)
    with app.app_context():
        later = enrol_again(
            db.session.get(Client, world.client.id), project_b, db.session.get(User, world.coach.id)
        )
        later_id = later.id
        exported = json.loads(collect_export(db.session.get(Client, later_id)).dumps())
        clients = next(s for s in exported["tables"] if s["table"] == "clients")
        assert sorted(row["id"] for row in clients["rows"]) == sorted([world.client.id, later_id])
        # the funder no longer needs either project's records
        for project in db.session.scalars(select(Project)):
            project.period_start = date(clock.today().year - 15, 1, 1)
            project.period_end = date(clock.today().year - 12, 12, 31)
        db.session.commit()
    admin = as_role("admin")
    url = f"/admin/clients/{later_id}/privacy"
    response = admin.post(url, {"reason": "Pyysi poistoa", "confirm": "y"}, form_url=url)
    assert response.status_code == 302
    with app.app_context():
        left = db.session.scalars(select(Client.id).order_by(Client.id)).all()
        assert left == [world.other_client.id]
        assert db.session.scalar(select(func.count(Person.id))) == 1


INTAKE = {
    "first_name": "aino",
    "last_name": "Virtanen",
    "birth_year": "2004",
    "email": "",
    "phone": "040 123 4567",
    "municipality": "Vantaa",
    "referral_source": "Ohjaamo",
    "highest_education": "basic",
    "goal": "study",
    "preferred_fields": "kauppa",
}


def _intake_in_b(app, world, as_role, phone: str = "0401234567"):
    """The world's Aino has the phone ``phone``; the coach of project B, who does not see
    her enrolment in project A, takes "aino Virtanen" (born 2004, 040 123 4567) in."""
    project_b = _second_project(app, world, "other_coach")
    with app.app_context():
        db.session.get(Client, world.client.id).phone = phone
        db.session.commit()
    coach_b = as_role("other_coach")
    data = {**INTAKE, "project_id": str(project_b), "coach_id": str(world.other_coach.id)}
    return coach_b, coach_b.post("/clients/new", data, form_url="/clients/new"), project_b


def test_an_intake_of_a_young_person_who_left_links_to_the_earlier_enrolment(app, world, as_role):
    set_state(app, world.client.id, PathwayState.CLOSED)
    coach_b, response, project_b = _intake_in_b(app, world, as_role)
    assert response.status_code == 302
    with app.app_context():
        earlier = db.session.get(Client, world.client.id)
        later = db.session.scalars(select(Client).where(Client.project_id == project_b)).one()
        assert later.previous_enrolment_id == earlier.id
        assert later.person_id == earlier.person_id
        assert (earlier.user_id, later.user_id) == (None, world.client_user.id)
        # no person was left behind without an enrolment
        assert db.session.scalar(select(func.count(Person.id))) == db.session.scalar(
            select(func.count(func.distinct(Client.person_id)))
        )
        events = db.session.scalars(
            select(AuditEvent.client_id).where(AuditEvent.action == "client.enrol_again")
        ).all()
        assert sorted(events) == sorted([earlier.id, later.id])
    page = coach_b.get(response.headers["Location"]).get_data(as_text=True)
    assert "linkitetty aiempaan" in page or "linked to the earlier one" in page
    # the coach of B still does not see the enrolment in A
    assert f'href="/clients/{world.client.id}"' not in page
    assert coach_b.get(f"/clients/{world.client.id}").status_code == 404


def test_an_intake_of_a_young_person_still_enrolled_is_refused(app, world, as_role):
    _coach_b, response, project_b = _intake_in_b(app, world, as_role)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "jo mukana organisaation hankkeessa" in page or "already enrolled" in page
    assert 'value="Virtanen"' in page  # nothing typed is lost
    with app.app_context():
        assert db.session.scalar(select(Client.id).where(Client.project_id == project_b)) is None


def test_the_same_name_and_age_without_the_same_contact_is_another_person(app, world, as_role):
    set_state(app, world.client.id, PathwayState.CLOSED)
    _coach_b, response, project_b = _intake_in_b(app, world, as_role, phone="050 999 8888")
    assert response.status_code == 302
    with app.app_context():
        later = db.session.scalars(select(Client).where(Client.project_id == project_b)).one()
        earlier = db.session.get(Client, world.client.id)
        assert later.previous_enrolment_id is None
        assert later.person_id != earlier.person_id
        assert earlier.user_id == world.client_user.id
