"""Which project a report is about: ``?project=ID`` (``--project ID`` on the command line).

A coach sees the projects they work in, a project manager their one project, the organisation
admin every project and "all projects" (no ``project``). A project out of the viewer's reach
answers 404 like any other object they may not see; a malformed value is the caller's to
refuse with a message (:class:`ProjectArgError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from werkzeug.exceptions import BadRequest

from portal.access.scoping import project_ids_of
from portal.app import clock
from portal.app.choices import ShortList, load
from portal.app.parsing import whole_number
from portal.models import Client, Project, User


class ProjectArgError(BadRequest):
    """``project`` is not a plain whole number: 400, and the page says so."""

    def __init__(self) -> None:
        message = str(_l("Choose a project from the list."))
        super().__init__(message)
        self.user_message = message


#: What a report reads of each project in reach: its name, funder, period and targets.
REACH_COLUMNS = (
    Project.id,
    Project.name,
    Project.funder,
    Project.period_start,
    Project.period_end,
    Project.target_clients,
    Project.target_immigrant_percent,
    Project.target_positive_percent,
)


def in_reach(user: User) -> ShortList:
    """The projects ``user`` may report on, by name (the scoping's projects)."""
    query = select(*REACH_COLUMNS)
    ids = project_ids_of(user)
    return ShortList(
        query if ids is None else query.where(Project.id.in_(ids)), (Project.name, Project.id)
    )


def projects_in_reach(user: User) -> list[Any]:
    return load(in_reach(user))[0]


@dataclass(frozen=True)
class Choice:
    """The project asked for (None: every project in reach) and the projects offered."""

    project: Any | None  # a row of REACH_COLUMNS
    offered: list[Any]

    def key(self) -> str:
        """For cache keys: the project, or every project offered."""
        if self.project is not None:
            return f"project:{self.project.id}"
        return "projects:" + ",".join(str(p.id) for p in self.offered)

    def ids(self) -> list[int]:
        return [self.project.id] if self.project is not None else [p.id for p in self.offered]

    def narrow(self, scope: Select) -> Select:
        """The viewer's client ids, narrowed to the project (or to the projects offered)."""
        return scope.where(Client.project_id.in_(self.ids()))


def parse(raw: str | None) -> int | None:
    """The ``project`` parameter as an id; None when absent or empty (all projects)."""
    if raw is None or not raw.strip():
        return None
    number = whole_number(raw)
    if number is None:
        raise ProjectArgError
    return number or None  # 0 is the filter's "all projects"


def choose(user: User, project_id: int | None, *also: ShortList) -> tuple[Choice, list[list]]:
    """The viewer's choice: the project asked for (404 when out of reach); without one, the
    only project in reach when there is one, else every project in reach ("all projects").
    The page's other short lists (``also``) are read with the projects, in one statement."""
    offered, *others = load(in_reach(user), *also)
    return _chosen(offered, project_id), others


def _chosen(offered: list[Any], project_id: int | None) -> Choice:
    if project_id is not None:
        project = next((p for p in offered if p.id == project_id), None)
        if project is None:
            abort(404)
        return Choice(project, offered)
    if len(offered) == 1:
        return Choice(offered[0], offered)
    return Choice(None, offered)


def from_request(user: User, *also: ShortList) -> tuple[Choice, list[list]]:
    """:func:`choose` for ``?project=``; raises :class:`ProjectArgError` when malformed."""
    return choose(user, parse(request.args.get("project")), *also)


@dataclass(frozen=True)
class Targets:
    """What a report of several projects measures against: their combined period, and no
    targets (each project's targets are its own; adding percentages up would mean nothing)."""

    name: str
    period_start: date
    period_end: date
    target_clients: int | None = None
    target_immigrant_percent: int | None = None
    target_positive_percent: int | None = None


def targets(choice: Choice, name: str) -> Any:
    """The chosen project's row, or for every project their combined period (``name``)."""
    if choice.project is not None:
        return choice.project
    if not choice.offered:
        today = clock.today()
        return Targets(name, date(today.year, 1, 1), date(today.year, 12, 31))
    return Targets(
        name,
        min(p.period_start for p in choice.offered),
        max(p.period_end for p in choice.offered),
    )
