"""Choosing clients by searching: a picker never loads every client the viewer may see."""

from __future__ import annotations

from flask import request
from sqlalchemy import Select, select
from wtforms import SelectChoice

from portal.access.scoping import client_matches, visible_client_ids_for, visible_clients
from portal.app.extensions import db
from portal.app.parsing import bounded_int
from portal.models import Client, User

#: Search results offered at once; a longer list means the search needs another word.
MAX_FOUND = 20
#: No form names more clients than this (a group has 8-15 members).
MAX_PICKED = 200


def picked_ids(*fields: str) -> list[int]:
    """The ids posted in ``fields``, at most :data:`MAX_PICKED`; non-numbers are left for
    the form's own validation to refuse."""
    ids: list[int] = []
    for name in fields:
        for raw in request.form.getlist(name)[:MAX_PICKED]:
            try:
                ids.append(bounded_int(raw))
            except ValueError:
                continue
    return ids[:MAX_PICKED]


def _ordered(query: Select) -> Select:
    return query.order_by(Client.last_name, Client.first_name, Client.id)


def find(viewer: User, text: str, exclude: list[int]) -> list[Client]:
    """Up to :data:`MAX_FOUND` of the viewer's clients matching ``text``; none for no text."""
    if not text.strip():
        return []
    query = client_matches(visible_clients(viewer), text)
    if exclude:
        query = query.where(Client.id.not_in(exclude))
    return list(db.session.scalars(_ordered(query).limit(MAX_FOUND)))


def visible_among(viewer: User, ids: list[int]) -> list[Client]:
    """Those of ``ids`` the viewer may see."""
    return list(db.session.scalars(among(viewer, ids))) if ids else []


def among(viewer: User, ids: list[int]) -> Select:
    """The statement of :func:`visible_among`: each of these few clients is tested on its own
    (``visible_client_ids_for``); the coach's whole caseload is never collected."""
    in_scope = visible_client_ids_for(viewer, Client.id)
    return _ordered(select(Client).where(Client.id.in_(ids), Client.id.in_(in_scope)))


def choice(client: Client) -> SelectChoice:
    return SelectChoice(client.id, f"{client.last_name}, {client.first_name} ({client.birth_year})")
