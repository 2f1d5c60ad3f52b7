"""The API's endpoints (``/api/v1``) and its OpenAPI document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import Select, literal, tuple_

from portal.access import audit
from portal.access.permissions import CASEWORKERS, public, roles_required, signed_in_required
from portal.access.scoping import get_client_or_404, visible_clients
from portal.app import clock
from portal.app.extensions import db, limiter
from portal.models import Client
from portal.rest import spec
from portal.rest.auth import scope_required
from portal.rest.inputs import query
from portal.rest.problems import Problem
from portal.rest.schemas import Account, ClientOut, ClientPage, ClientQuery, PageQuery, TokenInfo

bp = Blueprint("rest", __name__, url_prefix=spec.BASE)


def caller() -> str:
    """Limits count per token; per address for a request without a working one. The limit is
    checked before the guard loads the signed-in account, so it loads it here."""
    current_user._get_current_object()  # finds the token (``auth._from_token``)
    token = g.get("api_token")
    return f"token:{token.id}" if token is not None else get_remote_address()


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=caller)(bp)


def _client(client: Client) -> ClientOut:
    return ClientOut.model_validate(client, from_attributes=True)


def json_answer(model) -> Response:
    return current_app.response_class(model.model_dump_json(), mimetype="application/json")


@bp.route("/me")
@signed_in_required
@spec.operation("The token and the account it acts as", TokenInfo)
def me():
    token, user = g.api_token, current_user._get_current_object()
    account = Account(id=user.id, name=user.name, role=user.role)
    return json_answer(
        TokenInfo(
            name=token.name,
            account=account,
            scopes=token.scopes,
            expires_at=clock.aware(token.expires_at),  # SQLite gives it back without its zone
        )
    )


@bp.route("/clients")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "The young people the account sees, by id, a page at a time",
    ClientPage,
    query=ClientQuery,
    scope="clients:read",
    errors=(403, 422),
)
def clients():
    asked = query(ClientQuery)
    chosen = visible_clients(current_user._get_current_object())
    if asked.state is not None:
        chosen = chosen.where(Client.state == asked.state)
    sorts = {"last_name": Client.last_name, "entry_date": Client.entry_date}
    shown, after = page_of(chosen, Client.id, asked, sorts)
    for client in shown:
        audit.read(client.id, "api.client", client.id)
    return json_answer(ClientPage(items=[_client(c) for c in shown], next=after))


def page_of(
    chosen: Select, key: Any, asked: PageQuery, sorts: Mapping[str, Any] | None = None
) -> tuple[list[Any], int | None]:
    """The rows of the page ``asked`` for and the ``next`` of the page after it (None on the
    last): one statement, one row more than shown. ``asked.sort`` names one of ``sorts`` (a
    column; ``-`` first for the reverse) or the ``key``; rows of one value go by ``key``. The
    page after is found from the last row's ``key``: its sort value is read within ``chosen``,
    so an id outside the account's reach reveals nothing and answers an empty page."""
    sort = getattr(asked, "sort", "id") or "id"
    descending = sort.startswith("-")
    column = (sorts or {}).get(sort.lstrip("-"))
    order = [key] if column is None else [column, key]
    if asked.after is not None:
        if column is None:
            chosen = chosen.where(key < asked.after if descending else key > asked.after)
        else:
            pivot = (
                chosen.with_only_columns(column)
                .where(key == asked.after)
                .correlate(None)
                .scalar_subquery()
            )
            ours, theirs = tuple_(column, key), tuple_(pivot, literal(asked.after))
            chosen = chosen.where(ours < theirs if descending else ours > theirs)
    ordered = chosen.order_by(*(c.desc() if descending else c for c in order))
    found = list(db.session.scalars(ordered.limit(asked.limit + 1)))
    shown = found[: asked.limit]
    return shown, (shown[-1].id if len(found) > asked.limit else None)


@bp.route("/clients/<int:client_id>")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "One young person; answers 304 to an If-None-Match of their ETag",
    ClientOut,
    scope="clients:read",
    errors=(403, 404),
    headers=(("If-None-Match", False, "The ETag read before: 304 while it is current."),),
    bare=((304, "Not modified since the ETag sent"),),
)
def client(client_id: int):
    found = get_client_or_404(current_user._get_current_object(), client_id)
    return client_answer(found).make_conditional(request)


def require_current(tag: str) -> None:
    """A write goes on only with the ETag of what is saved now in ``If-Match``: 428 without
    one, 412 when it is stale."""
    if not request.if_match:
        raise Problem(428)
    if not request.if_match.contains(tag):
        raise Problem(412)


def etag_of(client: Client) -> str:
    return f"client-{client.id}-{client.version}"


def client_answer(found: Client) -> Response:
    """One young person as JSON, with their ETag."""
    response = json_answer(_client(found))
    response.set_etag(etag_of(found))
    return response


@bp.route("/openapi.json")
@public
@spec.operation("This document", spec.OpenApiDocument, public=True)
def openapi():
    return jsonify(spec.made(current_app))
