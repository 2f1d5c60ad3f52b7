"""The rules of projects: where new clients and groups may go, and editing a project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, select

from portal.access import audit
from portal.access.scoping import project_ids_of
from portal.app import clock
from portal.app.choices import ShortList, load
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Company, Organisation, Project, Role, User, project_coaches
from portal.pathway import date_rules


def working_project_list(user: User) -> ShortList:
    """(id, name) of the projects ``user`` may add clients and groups to, the running ones
    first: a coach's own, a project manager's one, every project for the admin."""
    query = select(Project.id, Project.name)
    ids = project_ids_of(user)
    if ids is not None:
        query = query.where(Project.id.in_(ids))
    return ShortList(query, (Project.period_end.desc(), Project.name, Project.id))


def working_projects(user: User) -> list[Row]:
    return load(working_project_list(user))[0]


def sole_project_id(user: User) -> int | None:
    """The only project ``user`` works in (None: several, or none), from what the session's
    statement loaded with the signed-in user: a form that has no project to ask for learns it
    without a statement of its own."""
    return user.first_work_project if user.work_project_count == 1 else None


def projects_to_choose(user: User) -> ShortList | None:
    """The projects a form for a new client or group offers ``user``: none when they work in
    only one (it is chosen by itself, and no statement is run to learn it)."""
    return None if sole_project_id(user) is not None else working_project_list(user)


def project_for_new(user: User, project_id: int | None) -> int:
    """The project a new client or group of ``user`` goes to: the one chosen, checked against
    the projects they work in again; without a choice, their only project."""
    sole = sole_project_id(user)
    if sole is not None and project_id in (None, sole):
        return sole
    allowed = [p.id for p in working_projects(user)]
    if project_id is None and len(allowed) == 1:
        return allowed[0]
    if project_id not in allowed:
        raise RuleError(_l("Choose a project you work in."), field="project_id")
    return project_id


def check_coach_in_project(coach_id: int | None, project_id: int) -> None:
    """The responsible coach (when there is one) must work in the client's project."""
    if not coach_id:
        return
    works_there = db.session.scalar(
        select(project_coaches.c.user_id).where(
            project_coaches.c.project_id == project_id, project_coaches.c.user_id == coach_id
        )
    )
    if works_there is None:
        raise RuleError(_l("The coach does not work in this project."), field="coach_id")


@dataclass
class ProjectDetails:
    """The fields of the project form."""

    name: str
    funder: str
    funding_code: str
    period_start: date
    period_end: date
    target_clients: int
    target_immigrant_percent: int
    target_positive_percent: int
    reporting_deadlines: str
    quality_remind_days: int


def _apply(project: Project, details: ProjectDetails) -> None:
    date_rules.sensible(details.period_start, "period_start", clock.today())
    date_rules.end_not_before_start(details.period_start, details.period_end, "period_end")
    for deadline in details.reporting_deadlines.split():
        date_rules.sensible(date.fromisoformat(deadline), "reporting_deadlines", clock.today())
    for key, value in vars(details).items():
        setattr(project, key, value)


def default_organisation() -> Organisation:
    """The installation's (first) organisation; a new one if there is none yet."""
    organisation = db.session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
    return organisation or Organisation(name="Polku")


def create_project(details: ProjectDetails, actor: User) -> Project:
    """A new project of the organisation (the admin's); no coaches or companies yet."""
    project = Project(organisation=default_organisation(), coaches=[], companies=[])
    _apply(project, details)
    audit.record_creation(project, "project.create", object_type="project", actor=actor)
    db.session.commit()
    return project


def update_project(project: Project, details: ProjectDetails, actor: User) -> None:
    """Apply changed settings (the caller checks the version and commits)."""
    _apply(project, details)
    audit.record("project.update", actor=actor, object_type="project", object_id=project.id)


def set_people(project: Project, coach_ids: list[int], company_ids: list[int], actor: User) -> None:
    """Make the chosen coaches and partner companies the project's (the caller checks the
    version and commits). Unknown ids and accounts that are not coaches are left out."""
    project.coaches = list(
        db.session.scalars(select(User).where(User.id.in_(coach_ids), User.role == Role.COACH))
    )
    project.companies = list(db.session.scalars(select(Company).where(Company.id.in_(company_ids))))
    project.updated_at = clock.utcnow()  # the lists are part of the project's version
    audit.record("project.people", actor=actor, object_type="project", object_id=project.id)


def rename_organisation(organisation: Organisation, name: str, actor: User) -> None:
    organisation.name = name
    audit.record(
        "organisation.update", actor=actor, object_type="organisation", object_id=organisation.id
    )
    db.session.commit()
