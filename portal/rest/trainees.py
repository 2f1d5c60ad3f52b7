"""The employer's trainees through the API: the placements at the account's company that its
trainee list shows (running, coming, or ended within the days the employer may still see),
with what that list shows of them, a page at a time by placement id."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.access import audit
from portal.access.permissions import roles_required
from portal.access.scoping import employer_placements
from portal.models import Placement
from portal.rest import spec
from portal.rest.auth import scope_required
from portal.rest.inputs import query
from portal.rest.schemas import PageQuery, Person, TraineePage, TraineePlacement
from portal.rest.views import bp, json_answer, page_of


def _shown(placement: Placement) -> TraineePlacement:
    client = placement.client
    return TraineePlacement(
        id=placement.id,
        trainee=Person(id=client.id, first_name=client.first_name, last_name=client.last_name),
        start_date=placement.start_date,
        end_date=placement.end_date,
        supervisor=placement.supervisor.name if placement.supervisor else None,
        tasks=placement.tasks or "",
    )


@bp.route("/trainees")
@roles_required("employer")
@scope_required("clients:read")
@spec.operation(
    "The placements at the account's company that its trainee list shows, by id",
    TraineePage,
    query=PageQuery,
    scope="clients:read",
    errors=(403, 422),
)
def trainees() -> Response:
    chosen = employer_placements(current_user._get_current_object()).options(
        joinedload(Placement.client), joinedload(Placement.supervisor)
    )
    shown, after = page_of(chosen, Placement.id, query(PageQuery))
    for placement in shown:
        audit.read(placement.client_id, "api.trainee", placement.id)
    return json_answer(TraineePage(items=[_shown(p) for p in shown], next=after))
