"""Whose young people a report counts, in the forms the kept rows are read by (ADR 0046,
0048): whole projects, a coach's caseload, or any SELECT of client ids."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select

from portal.access.scoping import project_ids_of
from portal.models import Role, User


@dataclass(frozen=True)
class Projects:
    """Every participant of whole projects (``ids``; None: of every project)."""

    ids: tuple[int, ...] | Select | None = None


@dataclass(frozen=True)
class Caseload:
    """A coach's participants in ``project_ids`` (projects the coach works in): their own and
    the members of the groups they coach."""

    coach: User
    project_ids: tuple[int, ...] | Select


#: Whose participants: whole projects, a coach's caseload, or a SELECT of client ids.
Scope = Projects | Caseload | Select


def of_viewer(user: User, project_ids: list[int]) -> Scope:
    """The staff member's participants in the projects chosen, which are among those in their
    reach (``portal.reports.projects``)."""
    if user.role == Role.COACH:
        return Caseload(user, tuple(project_ids))
    return Projects(tuple(project_ids))


def of_staff(user: User) -> Scope:
    """Every participant the staff member ``user`` (an admin, a project manager, a coach)
    works with: those of every project in their reach."""
    projects = project_ids_of(user)
    if user.role == Role.COACH:
        return Caseload(user, projects)
    return Projects(projects)
