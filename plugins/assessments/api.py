"""The assessments plugin's JSON endpoint: the assessments asked of and about a young person,
as their results page lists them to staff: the form, who fills it, when it is due, its state
and its skill average. Answers and free text stay on the pages."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint
from flask_login import current_user
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import select

from plugins.assessments.models import Assessment, Status
from portal.api import (
    CASEWORKERS,
    api_json,
    api_operation,
    audit,
    clock,
    db,
    get_client_or_404,
    roles_required,
    scope_required,
)

api = Blueprint("assessments_api", __name__)


class AssessmentOut(BaseModel):
    id: int
    placement_id: int | None
    form_key: str
    filled_by: str = Field(description="supervisor, client or coach")
    occasion: str
    due_on: date
    status: str = Field(description="pending, draft, submitted or amended")
    submitted_at: AwareDatetime | None
    skill_average: float | None = Field(description="The mean of the skill scores, 1 to 5.")
    amends_id: int | None


class ClientAssessments(BaseModel):
    client_id: int
    items: list[AssessmentOut]


def _at(value: datetime | None) -> datetime | None:
    return clock.aware(value) if value is not None else None


def _shown(item: Assessment) -> AssessmentOut:
    average = round(item.skill_total / item.skill_count, 2) if item.skill_count else None
    return AssessmentOut(
        id=item.id,
        placement_id=item.placement_id,
        form_key=item.form_key,
        filled_by=item.filled_by,
        occasion=item.occasion,
        due_on=item.due_on,
        status=item.status,
        submitted_at=_at(item.submitted_at),
        skill_average=average,
        amends_id=item.amends_id,
    )


@api.route("/clients/<int:client_id>")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@api_operation(
    "The assessments of a young person, by due day",
    ClientAssessments,
    scope="clients:read",
    errors=(403, 404),
)
def client_assessments(client_id: int):
    client = get_client_or_404(current_user, client_id)
    items = db.session.scalars(
        select(Assessment)
        .where(Assessment.client_id == client.id, Assessment.status != Status.CANCELLED)
        .order_by(Assessment.due_on, Assessment.id)
    )
    audit.read(client.id, "api.assessments", client.id)
    return api_json(ClientAssessments(client_id=client.id, items=[_shown(i) for i in items]))
