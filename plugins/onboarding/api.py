"""The onboarding plugin's JSON endpoint: a young person's onboarding progress on each
placement, as the client page's panel shows it (an employer's token sees only its company's
placements it may still see). Step keys, due days and done days: no comments."""

from __future__ import annotations

from datetime import date

from flask import Blueprint
from flask_login import current_user
from pydantic import BaseModel

from plugins.onboarding import services
from portal.api import (
    CASEWORKERS,
    Role,
    api_json,
    api_operation,
    audit,
    employer_may_see,
    get_client_or_404,
    roles_required,
    scope_required,
)

api = Blueprint("onboarding_api", __name__)


class OnboardingStep(BaseModel):
    key: str
    week: int
    due_on: date
    done_on: date | None
    overdue: bool


class PlacementOnboarding(BaseModel):
    placement_id: int
    company_id: int
    version: int
    running: bool
    done: int
    steps: list[OnboardingStep]


class OnboardingProgress(BaseModel):
    client_id: int
    placements: list[PlacementOnboarding]


def _shown(view: services.ProgressView) -> PlacementOnboarding:
    steps = [
        OnboardingStep(
            key=s.step["key"],
            week=s.step["week"],
            due_on=s.due,
            done_on=s.mark.done_on if s.mark else None,
            overdue=s.overdue,
        )
        for s in view.steps
    ]
    return PlacementOnboarding(
        placement_id=view.placement.id,
        company_id=view.placement.company_id,
        version=view.version.number,
        running=view.active,
        done=view.done,
        steps=steps,
    )


@api.route("/clients/<int:client_id>/progress")
@roles_required(*CASEWORKERS, "employer")
@scope_required("clients:read")
@api_operation(
    "A young person's onboarding steps on each placement, newest first",
    OnboardingProgress,
    scope="clients:read",
    errors=(403, 404),
)
def progress(client_id: int):
    client = get_client_or_404(current_user, client_id)
    views = services.client_progress(client.id)
    if current_user.role == Role.EMPLOYER:
        views = [
            v
            for v in views
            if v.placement.company_id == current_user.company_id and employer_may_see(v.placement)
        ]
    audit.read(client.id, "api.onboarding", client.id)
    return api_json(OnboardingProgress(client_id=client.id, placements=[_shown(v) for v in views]))
