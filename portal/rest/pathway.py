"""A young person's pathway through the API: their phases, placements, outcomes and
follow-ups, for staff whose scope holds them (a statement per kind of record)."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from sqlalchemy import select

from portal.access import audit
from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import get_client_or_404
from portal.app import clock
from portal.app.extensions import db
from portal.models import Company, FollowUp, Outcome, Placement, StateTransition
from portal.rest import spec
from portal.rest.auth import scope_required
from portal.rest.schemas import (
    FollowUpOut,
    OutcomeOut,
    Pathway,
    PhaseMove,
    PlacementOut,
)
from portal.rest.views import bp, json_answer


def _moves(client_id: int) -> list[PhaseMove]:
    found = db.session.execute(
        select(StateTransition.from_state, StateTransition.to_state, StateTransition.at)
        .where(StateTransition.client_id == client_id)
        .order_by(StateTransition.at, StateTransition.id)
    )
    return [PhaseMove(from_state=f, to_state=t, at=clock.aware(at)) for f, t, at in found]


def _placements(client_id: int) -> list[PlacementOut]:
    found = db.session.execute(
        select(Placement, Company.name)
        .join(Company, Company.id == Placement.company_id)
        .where(Placement.client_id == client_id)
        .order_by(Placement.start_date, Placement.id)
    )
    return [
        PlacementOut(
            id=p.id,
            company_id=p.company_id,
            company=name,
            kind=p.kind,
            start_date=p.start_date,
            end_date=p.end_date,
        )
        for p, name in found
    ]


def _outcomes(client_id: int) -> list[OutcomeOut]:
    found = db.session.scalars(
        select(Outcome).where(Outcome.client_id == client_id).order_by(Outcome.on, Outcome.id)
    )
    return [OutcomeOut.model_validate(o, from_attributes=True) for o in found]


def _follow_ups(client_id: int) -> list[FollowUpOut]:
    found = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.client_id == client_id)
        .order_by(FollowUp.due_date, FollowUp.id)
    )
    return [FollowUpOut.model_validate(f, from_attributes=True) for f in found]


@bp.route("/clients/<int:client_id>/pathway")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "A young person's phases, placements, outcomes and follow-ups",
    Pathway,
    scope="clients:read",
    errors=(403, 404),
)
def pathway(client_id: int) -> Response:
    client = get_client_or_404(current_user._get_current_object(), client_id)
    audit.read(client.id, "api.pathway", client.id)
    return json_answer(
        Pathway(
            client_id=client.id,
            state=client.state,
            moves=_moves(client.id),
            placements=_placements(client.id),
            outcomes=_outcomes(client.id),
            follow_ups=_follow_ups(client.id),
        )
    )
