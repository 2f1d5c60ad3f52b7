"""What the young person sees of a Check Point: the decision, the intensified plan and their
own actions; never the difficulty, the re-assessment, the coach's notes or other actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from portal.app.extensions import db
from portal.models import (
    ActionOwner,
    Checkpoint,
    CheckpointAction,
    Client,
    CoachVisit,
    IntensifiedPlan,
    VisitStatus,
)


@dataclass
class SharedAction:
    description: str
    due_date: date
    done: bool


@dataclass
class SharedCheckpoint:
    """The fields of a Check Point that are meant for the young person."""

    opened_on: date
    is_open: bool
    decision: str
    next_meeting: date | None
    plan: IntensifiedPlan | None = None
    upcoming_visits: list[date] = field(default_factory=list)
    actions: list[SharedAction] = field(default_factory=list)


def shared_checkpoint(client: Client, checkpoint_id: int) -> SharedCheckpoint | None:
    """The client's own Check Point as shared with them; None when it is not theirs."""
    checkpoint = db.session.get(Checkpoint, checkpoint_id)
    if checkpoint is None or checkpoint.client_id != client.id:
        return None
    plan = db.session.scalar(
        select(IntensifiedPlan).where(
            IntensifiedPlan.checkpoint_id == checkpoint.id,
            IntensifiedPlan.scheduled_at.is_not(None),
        )
    )
    shared = SharedCheckpoint(
        opened_on=checkpoint.opened_at.date(),
        is_open=checkpoint.is_open,
        decision="" if checkpoint.is_open else checkpoint.decision,
        next_meeting=checkpoint.next_meeting if checkpoint.is_open else None,
        plan=plan,
    )
    if plan is not None:
        shared.upcoming_visits = list(
            db.session.scalars(
                select(CoachVisit.due_date)
                .where(CoachVisit.plan_id == plan.id, CoachVisit.status == VisitStatus.PLANNED)
                .order_by(CoachVisit.due_date)
            )
        )
    shared.actions = [
        SharedAction(a.description, a.due_date, a.done_at is not None)
        for a in db.session.scalars(
            select(CheckpointAction)
            .where(
                CheckpointAction.checkpoint_id == checkpoint.id,
                CheckpointAction.owner_kind == ActionOwner.CLIENT,
            )
            .order_by(CheckpointAction.due_date)
        )
    ]
    return shared
