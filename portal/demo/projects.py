"""The demo's organisation and projects: a running one and one that finished last year, with
its own coach and leavers, one of whom came back to the running project (ADR 0029)."""

from __future__ import annotations

from datetime import date, timedelta

from portal.app.extensions import db
from portal.demo.people import Demo
from portal.models import (
    DEFAULT_TARGETS,
    Client,
    Company,
    Organisation,
    Outcome,
    PathwayState,
    Project,
    Role,
    User,
)

S = PathwayState

#: The finished project's leavers: (index of the demo person, outcome, months before the end).
LEAVERS = [
    (40, "employed_same_field", 2),
    (41, "study_place", 3),
    (42, "other", 4),
    (43, "work_trial", 5),
]
#: The leaver (by place in ``LEAVERS``) who enrolled again in the running project.
CAME_BACK = 3


def projects(d: Demo, organisation_name: str) -> tuple[Project, Project]:
    """The running project (first: the reports' default) and the finished one."""
    organisation = Organisation(name=organisation_name)
    running = Project(
        organisation=organisation,
        name="Polku",
        funder="Euroopan sosiaalirahasto plus (ESR+)",
        funding_code="S30123",
        period_start=d.days_ago(7 * 40),
        period_end=d.today + timedelta(days=540),
        coaches=[],
        companies=[],
        **DEFAULT_TARGETS,
    )
    last_year = d.today.year - 1
    finished = Project(
        organisation=organisation,
        name="Nuorten työpolku",
        funder="Euroopan sosiaalirahasto plus (ESR+)",
        funding_code="S20456",
        period_start=date(last_year - 1, 1, 1),
        period_end=date(last_year, 12, 31),
        coaches=[],
        companies=[],
        target_clients=120,
        target_immigrant_percent=30,
        target_positive_percent=60,
    )
    db.session.add_all([running, finished])
    db.session.flush()  # the running project is the first
    return running, finished


def finished_project(
    d: Demo, project: Project, running: Project, coach: User, companies: list[Company]
) -> int:
    """The finished project's leavers, each with an outcome; the one who came back gets a new
    enrolment in the running project. Returns the number of enrolments added."""
    project.coaches.append(coach)
    project.companies.extend(companies[:2])
    ended = project.period_end
    leavers = []
    for index, kind, months in LEAVERS:
        client = d.person(index, coach, project)
        left = ended - timedelta(days=30 * months)
        d.history(
            client,
            [
                (S.INTAKE, left - timedelta(days=150)),
                (S.ATTITUDE_TRAINING, left - timedelta(days=140)),
                (S.WORKPLACE_COACHING, left - timedelta(days=120)),
                (S.CLOSED, left),
            ],
            coach,
        )
        db.session.add(Outcome(client=client, kind=kind, on=left, recorded_by_id=coach.id))
        leavers.append(client)
    db.session.flush()
    earlier = leavers[CAME_BACK]
    again = Client(
        person_id=earlier.person_id,
        project_id=running.id,
        previous_enrolment_id=earlier.id,
        first_name=earlier.first_name,
        last_name=earlier.last_name,
        email=earlier.email,
        phone=earlier.phone,
        birth_year=earlier.birth_year,
        municipality=earlier.municipality,
        highest_education=earlier.highest_education,
        goal=earlier.goal,
        coach=running.coaches[0],
        state=S.REFERRED,
    )
    db.session.add(again)
    d.history(again, [(S.INTAKE, d.days_ago(10))], running.coaches[0])
    return len(leavers) + 1


def former_coach(d: Demo) -> User:
    """The finished project's coach, who works in no running project."""
    return d.account("coach3@polku.test", "Leena Lähtinen", Role.COACH)
