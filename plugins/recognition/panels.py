"""What the recognition plugin shows on other pages: the client panel and start-page cards."""

from __future__ import annotations

from sqlalchemy import select

from plugins.recognition import queries
from plugins.recognition.demonstrations import assessor_scope
from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionUnit,
)
from portal.api import Client, User, db, once_per_request


def plan_summary(client_id: int) -> dict:
    """The client's target qualification and units with status (one statement)."""
    plan, qual, rows = queries.plan_with_units(client_id)
    if plan is None:
        return {"client_id": client_id, "plan": None, "qual": None, "rows": []}
    return {
        "client_id": client_id,
        "plan": plan,
        "qual": qual,
        "rows": rows,
        "credited": sum(pu.points_credited or 0 for pu, _u, _m in rows),
    }


def demonstrations_to_assess(user: User) -> list[tuple]:
    """The demonstrations ``user`` is the working-life assessor of, unassessed ones first
    (read once per request: the start page's card and the supervisor's queue share them)."""
    return once_per_request(("recognition.to_assess", user.id), lambda: _to_assess(user))


def _to_assess(user: User) -> list[tuple]:
    return db.session.execute(
        select(RecognitionDemonstration, RecognitionUnit, Client)
        .join(RecognitionPlanUnit, RecognitionPlanUnit.id == RecognitionDemonstration.plan_unit_id)
        .join(RecognitionUnit, RecognitionUnit.id == RecognitionPlanUnit.unit_id)
        .join(RecognitionPlan, RecognitionPlan.id == RecognitionPlanUnit.plan_id)
        .join(Client, Client.id == RecognitionPlan.client_id)
        .where(assessor_scope(user))
        .order_by(RecognitionDemonstration.start_date)
        .limit(50)
    ).all()
