"""The young person's intake and edit form with the choices the viewer has: the page's and
the API's, so that both hold a new young person to the same rules."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import format_date
from flask_login import current_user
from wtforms import SelectChoice

from portal.access.pickers import coach_choice_list
from portal.access.scoping import visible_groups
from portal.app import clock
from portal.app.choices import ShortList, load
from portal.clients.forms import ClientForm
from portal.models import Client, Group, Role
from portal.pathway.forms import NOT_CHOSEN
from portal.projects.services import projects_to_choose


def client_form(client: Client | None = None, groups: bool = True, **options: Any) -> ClientForm:
    """The intake form (``client`` None) or the edit form; its choices in one statement.
    ``groups``: the intake offers the groups to join; ``options`` go to the form (the API's
    JSON as ``formdata``, without a CSRF token)."""
    form = ClientForm(obj=client, **options)
    groups = groups and client is None
    wanted = [coach_choice_list()]
    if groups:
        wanted.append(_open_group_list())
    if client is None and (project_list := projects_to_choose(current_user)) is not None:
        wanted.append(project_list)
    coaches, *rest = load(*wanted)
    form.coach_id.choices = [SelectChoice(c.id, c.name) for c in coaches]
    if groups:
        form.group_id.choices = [
            SelectChoice(0, NOT_CHOSEN),
            *[SelectChoice(g.id, f"{g.name} ({format_date(g.start_date)})") for g in rest.pop(0)],
        ]
    else:
        del form.group_id  # members change on the group's page
    projects = rest[0] if rest else []
    if len(projects) > 1:
        form.project_id.choices = [SelectChoice(p.id, p.name) for p in projects]
    else:
        del form.project_id  # the only project, or fixed once enrolled
    if request.method == "GET" and client is None and current_user.role == Role.COACH:
        form.coach_id.data = current_user.id
    return form


def _open_group_list() -> ShortList:
    """The viewer's groups that have not ended, soonest first: those a new client can join."""
    return ShortList(
        visible_groups(current_user)
        .with_only_columns(Group.id, Group.name, Group.start_date)
        .where(Group.end_date >= clock.today()),
        (Group.start_date, Group.name, Group.id),
    )
