"""portal_api_blueprints: the plugin's JSON endpoints, served under /api/v1/p/worksafe/."""

from datetime import date, timedelta

from flask import Blueprint
from flask_login import current_user
from pydantic import BaseModel
from sqlalchemy import select

from portal.api import (
    ApiPageQuery,
    Placement,
    api_json,
    api_operation,
    api_page,
    api_query,
    audit,
    clock,
    hookimpl,
    roles_required,
    scope_required,
    visible_client_ids_for,
)

api = Blueprint("worksafe_api", __name__)


class Briefing(BaseModel):
    placement_id: int
    client_id: int
    start_date: date


class BriefingPage(BaseModel):
    items: list[Briefing]
    next: int | None


@api.route("/briefings")
@roles_required("coach", "admin")
@scope_required("clients:read")
@api_operation(
    "Placements starting within two weeks: who needs a safety briefing",
    BriefingPage,
    query=ApiPageQuery,
    scope="clients:read",
    errors=(403, 422),
)
def briefings():
    today = clock.today()
    chosen = select(Placement).where(
        Placement.client_id.in_(visible_client_ids_for(current_user, Placement.client_id)),
        Placement.start_date.between(today, today + timedelta(days=14)),
    )
    shown, after = api_page(chosen, Placement.id, api_query(ApiPageQuery))
    for placement in shown:
        audit.read(placement.client_id, "api.worksafe", placement.id)
    items = [
        Briefing(placement_id=p.id, client_id=p.client_id, start_date=p.start_date) for p in shown
    ]
    return api_json(BriefingPage(items=items, next=after))


@hookimpl
def portal_api_blueprints(app):
    return api
