"""Reports per project beyond the came-back figure: the reminders follow each project's own
deadlines and count only that project's participants; the ESF+ command takes a project."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, OutboxMessage, Person, Project, QualityReminder
from portal.reports import reminders


def _second_project(world, deadline_in_days: int) -> int:
    today = clock.today()
    project = Project(
        organisation_id=world.project.organisation_id,
        name="Toinen hanke",
        period_start=today - timedelta(days=100),
        period_end=today + timedelta(days=300),
        reporting_deadlines=(today + timedelta(days=deadline_in_days)).isoformat(),
        quality_remind_days=14,
        target_clients=4321,
        coaches=[world.coach],
    )
    db.session.add(project)
    person = Person()
    db.session.add(person)
    db.session.flush()
    db.session.add(
        Client(
            person_id=person.id,
            project_id=project.id,
            first_name="Uusi",
            last_name="Osallistuja",
            birth_year=2005,
            coach_id=world.coach.id,
            entry_date=today - timedelta(days=20),
        )
    )
    db.session.commit()
    return project.id


def test_reminders_follow_each_projects_deadline(app, world):
    today = clock.today()
    with app.app_context():
        world_project = db.session.get(Project, world.project.id)
        world_project.reporting_deadlines = (today + timedelta(days=60)).isoformat()
        db.session.commit()
        project_id = _second_project(world, deadline_in_days=5)
        assert reminders.send_due(today) == 1
        sent = db.session.scalars(select(QualityReminder)).all()
        # only the participant of the project whose deadline is near is counted
        assert [(r.coach_id, r.problems) for r in sent] == [(world.coach.id, 1)]
        mail = db.session.scalars(select(OutboxMessage)).one()
        assert f"/reports/quality/?project={project_id}" in mail.body
        assert reminders.send_due(today) == 0


def test_a_coach_in_two_projects_with_the_same_deadline_gets_one_reminder_for_each(app, world):
    today = clock.today()
    deadline = today + timedelta(days=5)
    with app.app_context():
        world_project = db.session.get(Project, world.project.id)
        world_project.reporting_deadlines = deadline.isoformat()
        world_project.quality_remind_days = 14
        db.session.commit()
        second = _second_project(world, deadline_in_days=5)
        first_run = reminders.send_due(today)
        mine = db.session.scalars(
            select(QualityReminder).where(QualityReminder.coach_id == world.coach.id)
        ).all()
        assert sorted((r.project_id, r.deadline) for r in mine) == sorted(
            [(world.project.id, deadline), (second, deadline)]
        )
        subjects = [
            m.subject
            for m in db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.recipient == world.coach.email)
            )
        ]
        assert len(subjects) == 2 and any(s.startswith("Toinen hanke:") for s in subjects)
        assert first_run == len(db.session.scalars(select(QualityReminder)).all())
        assert reminders.send_due(today) == 0  # the next run sends nothing again


def test_a_long_project_name_still_fits_the_reminders_subject(app, world):
    today = clock.today()
    with app.app_context():
        project = db.session.get(Project, world.project.id)
        project.reporting_deadlines = (today + timedelta(days=3)).isoformat()
        project.name = "=HYPERLINK(" + "x" * 185 + ")"  # 197 characters
        db.session.commit()
        assert reminders.send_due(today) >= 1
        for message in db.session.scalars(select(OutboxMessage)):
            assert len(message.subject) <= 200
        assert reminders.send_due(today) == 0  # the next run sends nothing again


def test_no_reminder_when_no_project_has_a_deadline_near(app, world):
    with app.app_context():
        _second_project(world, deadline_in_days=40)
        assert reminders.send_due(clock.today()) == 0


def test_the_esf_command_takes_a_project(app, world):
    with app.app_context():
        project_id = _second_project(world, deadline_in_days=40)
    runner = app.test_cli_runner()
    month = clock.today().strftime("%Y-%m")
    start = (clock.today() - timedelta(days=40)).strftime("%Y-%m")
    args = ["reports", "esf", "--from", start, "--to", month, "--format", "csv"]
    one = runner.invoke(args=[*args, "--project", str(project_id)])
    assert one.exit_code == 0, one.output
    unknown = runner.invoke(args=[*args, "--project", "99999"])
    assert unknown.exit_code != 0 and "There is no project 99999" in unknown.output
    assert "4321" in one.output  # the project's own target
    assert "4321" not in runner.invoke(args=args).output


def test_the_kpis_command_takes_a_project(app, world):
    with app.app_context():
        project_id = _second_project(world, deadline_in_days=40)
    runner = app.test_cli_runner()
    one = runner.invoke(args=["report", "kpis", "--project", str(project_id)])
    assert one.exit_code == 0, one.output
    figures = json.loads(one.output)["kpis"]
    assert figures[0] == {"key": "clients", "value": "<5", "target": 4321, "unit": "clients"}
    unknown = runner.invoke(args=["report", "kpis", "--project", "99999"])
    assert unknown.exit_code != 0 and "There is no project 99999" in unknown.output
