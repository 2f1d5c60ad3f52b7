"""Lists of young people's records through the API: placements, Check Points, outcomes and
follow-ups of the young people the account sees (an employer: the placements its trainee
list shows), filtered, sorted and paged by id; each young person read goes to the audit
trail, as on the pages."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, url_for
from flask_login import current_user
from pydantic import BaseModel
from sqlalchemy import Select, select

from portal.access import audit
from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import (
    employer_placements,
    get_client_or_404,
    visible_client_ids_for,
)
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Checkpoint, FollowUp, Outcome, Placement, Role
from portal.pathway import outcomes as outcome_rules
from portal.rest import spec
from portal.rest.auth import scope_required
from portal.rest.inputs import body, query
from portal.rest.problems import refused
from portal.rest.record_schemas import (
    CheckpointQuery,
    CheckpointRecord,
    CheckpointRecords,
    FollowUpQuery,
    FollowUpRecord,
    FollowUpRecords,
    OutcomeIn,
    OutcomeQuery,
    OutcomeRecord,
    OutcomeRecords,
    PlacementQuery,
    PlacementRecord,
    PlacementRecords,
    RecordQuery,
)
from portal.rest.views import bp, json_answer, page_of

LIST_ERRORS = (403, 422)


def _of_visible(model: Any, asked: RecordQuery) -> Select:
    """The account's young people's rows of ``model`` (one young person's when asked)."""
    user = current_user._get_current_object()
    chosen = select(model).where(model.client_id.in_(visible_client_ids_for(user, model.client_id)))
    if asked.client_id is not None:
        chosen = chosen.where(model.client_id == asked.client_id)
    return chosen


def _answer(
    rows: list[Any], after: int | None, page: type[BaseModel], item: type[BaseModel], kind: str
) -> Response:
    for row in rows:
        audit.read(row.client_id, f"api.{kind}", row.id)
    items = [item.model_validate(row, from_attributes=True) for row in rows]
    return json_answer(page(items=items, next=after))


@bp.route("/placements")
@roles_required(*CASEWORKERS, "employer")
@scope_required("clients:read")
@spec.operation(
    "Placements of the young people the account sees (an employer: its trainee list's)",
    PlacementRecords,
    query=PlacementQuery,
    scope="clients:read",
    errors=LIST_ERRORS,
)
def placements() -> Response:
    asked = query(PlacementQuery)
    user = current_user._get_current_object()
    if user.role == Role.EMPLOYER:
        chosen = employer_placements(user)
        if asked.client_id is not None:
            chosen = chosen.where(Placement.client_id == asked.client_id)
    else:
        chosen = _of_visible(Placement, asked)
    if asked.company_id is not None:
        chosen = chosen.where(Placement.company_id == asked.company_id)
    if asked.running_on is not None:
        chosen = chosen.where(
            Placement.start_date <= asked.running_on,
            Placement.end_date >= asked.running_on,
            (Placement.ended_on.is_(None)) | (Placement.ended_on >= asked.running_on),
        )
    rows, after = page_of(chosen, Placement.id, asked, {"start_date": Placement.start_date})
    return _answer(rows, after, PlacementRecords, PlacementRecord, "placement")


def _one(model: Any, row_id: int, kind: str) -> Any:
    """One row of ``model`` of a young person the account sees, read into the audit trail;
    404 otherwise, as a page answers."""
    user = current_user._get_current_object()
    if user.role == Role.EMPLOYER:
        chosen = employer_placements(user)
    else:
        chosen = select(model).where(
            model.client_id.in_(visible_client_ids_for(user, model.client_id))
        )
    row = db.session.scalar(chosen.where(model.id == row_id)) or abort(404)
    audit.read(row.client_id, f"api.{kind}", row.id)
    return row


@bp.route("/placements/<int:placement_id>")
@roles_required(*CASEWORKERS, "employer")
@scope_required("clients:read")
@spec.operation("One placement", PlacementRecord, scope="clients:read", errors=(403, 404))
def placement(placement_id: int) -> Response:
    found = _one(Placement, placement_id, "placement")
    return json_answer(PlacementRecord.model_validate(found, from_attributes=True))


@bp.route("/checkpoints/<int:checkpoint_id>")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "One Check Point: its course, not what was said",
    CheckpointRecord,
    scope="clients:read",
    errors=(403, 404),
)
def checkpoint(checkpoint_id: int) -> Response:
    found = _one(Checkpoint, checkpoint_id, "checkpoint")
    return json_answer(CheckpointRecord.model_validate(found, from_attributes=True))


@bp.route("/checkpoints")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "Check Points of the young people the account sees: their course, not what was said",
    CheckpointRecords,
    query=CheckpointQuery,
    scope="clients:read",
    errors=LIST_ERRORS,
)
def checkpoints() -> Response:
    asked = query(CheckpointQuery)
    chosen = _of_visible(Checkpoint, asked)
    if asked.open is not None:
        closed = Checkpoint.closed_at
        chosen = chosen.where(closed.is_(None) if asked.open else closed.is_not(None))
    rows, after = page_of(chosen, Checkpoint.id, asked, {"opened_at": Checkpoint.opened_at})
    return _answer(rows, after, CheckpointRecords, CheckpointRecord, "checkpoint")


@bp.route("/outcomes")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "Outcomes at exit of the young people the account sees",
    OutcomeRecords,
    query=OutcomeQuery,
    scope="clients:read",
    errors=LIST_ERRORS,
)
def outcomes() -> Response:
    asked = query(OutcomeQuery)
    chosen = _of_visible(Outcome, asked)
    if asked.kind is not None:
        chosen = chosen.where(Outcome.kind == asked.kind)
    rows, after = page_of(chosen, Outcome.id, asked, {"on": Outcome.on})
    return _answer(rows, after, OutcomeRecords, OutcomeRecord, "outcome")


@bp.route("/follow-ups")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "Follow-ups after exit of the young people the account sees",
    FollowUpRecords,
    query=FollowUpQuery,
    scope="clients:read",
    errors=LIST_ERRORS,
)
def follow_ups() -> Response:
    asked = query(FollowUpQuery)
    chosen = _of_visible(FollowUp, asked)
    if asked.due_from is not None:
        chosen = chosen.where(FollowUp.due_date >= asked.due_from)
    if asked.due_until is not None:
        chosen = chosen.where(FollowUp.due_date <= asked.due_until)
    if asked.open is not None:
        chosen = chosen.where((FollowUp.result == "") if asked.open else (FollowUp.result != ""))
    rows, after = page_of(chosen, FollowUp.id, asked, {"due_date": FollowUp.due_date})
    return _answer(rows, after, FollowUpRecords, FollowUpRecord, "follow_up")


@bp.route("/clients/<int:client_id>/outcome", methods=["POST"])
@roles_required(*CASEWORKERS)
@scope_required("outcomes:write")
@spec.operation(
    "Record a young person's outcome at exit, with the outcome form's rules; the follow-ups "
    "are planned from its day. Once per young person: sent again, it answers 422",
    OutcomeRecord,
    body=OutcomeIn,
    creates=True,
    scope="outcomes:write",
    errors=(403, 404, 415, 422),
)
def record_outcome(client_id: int) -> Response:
    user = current_user._get_current_object()
    client = get_client_or_404(user, client_id)
    data = outcome_rules.OutcomeData(**body(OutcomeIn).model_dump())
    try:
        made = outcome_rules.record(client, data, user)
    except RuleError as error:
        raise refused(error) from None
    response = json_answer(OutcomeRecord.model_validate(made, from_attributes=True))
    response.status_code = 201
    response.headers["Location"] = url_for("rest.outcomes", client_id=client.id)
    return response
