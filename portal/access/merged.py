"""Records merged into another as duplicates of the same young person (``portal.clients.merge``,
ADR 0056): where their address leads, and the reads and rows they still answer for.

A merged record is seen by nobody: the scoping leaves it out. Its address leads a user who
may see the record kept to that record; to anyone else it is what it always was, a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from flask import (
    abort,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import ColumnElement, CompoundSelect, Select, select, union
from sqlalchemy.orm import aliased

from portal.app.extensions import db
from portal.models import Client

#: Blueprints answered in JSON: a merged id there is a 404 like any other.
NOT_PAGES = frozenset({"rest"})
#: Where the JSON API answers (``portal.rest.PREFIX``), the plugins' APIs under it too.
API_PREFIX = "/api/"
#: The records merged into another, apart from any ``Client`` of the outer statement.
_MERGED = aliased(Client, name="merged_record")


def answer_for_kept(client_id: int, visible: Callable[..., Select]) -> None:
    """When ``client_id`` was merged into a record the signed-in user may see (``visible``:
    ``scoping.one_visible_client``), answer for it: a page read is sent to the same page of
    the record kept, anything else is told where the young person is now. Otherwise return
    (the caller answers 404)."""
    if not has_request_context() or _answered_in_json():
        return
    if not current_user.is_authenticated:
        return
    kept = db.session.scalar(select(Client.merged_into_id).where(Client.id == client_id))
    if kept is None:
        return
    seen = visible(current_user, kept).with_only_columns(Client.id)
    if db.session.scalar(seen) is None:
        return
    args = dict(request.view_args or {})
    if request.method in ("GET", "HEAD") and args.get("client_id") == client_id:
        args["client_id"] = kept
        abort(redirect(_same_page(args), 302))
    page = render_template("clients/merged.html", kept_id=kept)
    abort(make_response(page, 410))


def _answered_in_json() -> bool:
    return request.blueprint in NOT_PAGES or request.path.startswith(API_PREFIX)


def _same_page(args: dict) -> str:
    """The same page of the record kept, with the same query less the page's own arguments
    (none of its names is taken for one of ``url_for``'s own, such as ``_method``)."""
    page = url_for(request.endpoint or "clients.detail", **args)
    query = urlencode([(k, v) for k, v in request.args.items(multi=True) if k not in args])
    return f"{page}?{query}" if query else page


def of_person(person_id: int | ColumnElement) -> CompoundSelect:
    """The ids of the enrolments of the person ``person_id`` (a number or a bound parameter)
    and of the records merged into them: the young person's rows for their copy of their
    data and for erasure."""
    enrolments = select(Client.id).where(Client.person_id == person_id)
    merged = _MERGED
    return union(enrolments, select(merged.id).where(merged.merged_into_id.in_(enrolments)))
