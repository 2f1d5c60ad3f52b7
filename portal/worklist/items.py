"""The coach's worklist: what needs doing now, across every client the coach may see.

One query per section, each limited, so the page costs the same with 10 or 10,000 clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, or_, select

from portal.app import clock
from portal.app.extensions import db
from portal.hooks.types import RiskSignal
from portal.models import (
    Checkpoint,
    CheckpointAction,
    Client,
    CoachVisit,
    FollowUp,
    IntensifiedPlan,
    PathwayState,
    Placement,
    VisitStatus,
)
from portal.pathway.risks import ENDING_WITHIN_DAYS, risk_signals
from portal.worklist.reviews import ReviewWork, build_review_work
from portal.worklist.rows import LIMIT, first_rows

FOLLOW_UP_NOTICE_DAYS = 14


@dataclass
class Worklist:
    open_checkpoints: list[tuple[Checkpoint, Client]]
    follow_ups: list[tuple[FollowUp, Client]]
    ending_placements: list[tuple[Placement, Client]]
    overdue_actions: list[tuple[CheckpointAction, Checkpoint, Client]]
    signals: list[tuple[RiskSignal, Client]]
    reviews: ReviewWork
    visits: list[tuple[CoachVisit, Client]]
    plan_reviews: list[tuple[IntensifiedPlan, Client]]

    @property
    def empty(self) -> bool:
        return (
            not any(
                (
                    self.open_checkpoints,
                    self.follow_ups,
                    self.ending_placements,
                    self.overdue_actions,
                    self.signals,
                    self.visits,
                    self.plan_reviews,
                )
            )
            and self.reviews.empty
        )


def end_of_week(today: date) -> date:
    """The Sunday of ``today``'s week: what is due "this week" is due by then."""
    return today + timedelta(days=6 - today.weekday())


def visits_due(client_ids: Select, today: date) -> list[tuple[CoachVisit, Client]]:
    """Planned workplace visits due this week or overdue, not yet recorded, for clients still
    in workplace coaching (a client who has moved on has no workplace to visit)."""
    return first_rows(
        select(CoachVisit, Client)
        .join(Client, Client.id == CoachVisit.client_id)
        .where(
            CoachVisit.client_id.in_(client_ids),
            Client.state == PathwayState.WORKPLACE_COACHING,
            CoachVisit.status == VisitStatus.PLANNED,
            CoachVisit.due_date <= end_of_week(today),
        )
        .order_by(CoachVisit.due_date)
    )


def plan_reviews_due(client_ids: Select, today: date) -> list[tuple[IntensifiedPlan, Client]]:
    """Intensified plans ending this week or already ended that nobody has reviewed, for
    clients still in workplace coaching."""
    return first_rows(
        select(IntensifiedPlan, Client)
        .join(Client, Client.id == IntensifiedPlan.client_id)
        .where(
            IntensifiedPlan.client_id.in_(client_ids),
            Client.state == PathwayState.WORKPLACE_COACHING,
            IntensifiedPlan.scheduled_at.is_not(None),
            IntensifiedPlan.end_date <= end_of_week(today),
            or_(
                IntensifiedPlan.reviewed_through.is_(None),
                IntensifiedPlan.reviewed_through < IntensifiedPlan.end_date,
            ),
        )
        .order_by(IntensifiedPlan.end_date)
    )


def build_worklist(client_ids: Select, today: date | None = None) -> Worklist:
    today = today or clock.today()
    signals = risk_signals(client_ids, today)[:LIMIT]
    signal_clients = {
        c.id: c
        for c in db.session.scalars(
            select(Client).where(Client.id.in_({s.client_id for s in signals}))
        )
    }
    return Worklist(
        open_checkpoints=first_rows(
            select(Checkpoint, Client)
            .join(Client, Client.id == Checkpoint.client_id)
            .where(Checkpoint.client_id.in_(client_ids), Checkpoint.closed_at.is_(None))
            .order_by(Checkpoint.opened_at)
        ),
        follow_ups=first_rows(
            select(FollowUp, Client)
            .join(Client, Client.id == FollowUp.client_id)
            .where(
                FollowUp.client_id.in_(client_ids),
                FollowUp.result == "",
                FollowUp.due_date <= today + timedelta(days=FOLLOW_UP_NOTICE_DAYS),
            )
            .order_by(FollowUp.due_date)
        ),
        ending_placements=first_rows(
            select(Placement, Client)
            .join(Client, Client.id == Placement.client_id)
            .where(
                Placement.client_id.in_(client_ids),
                Placement.ended_on.is_(None),
                Placement.end_date.between(today, today + timedelta(days=ENDING_WITHIN_DAYS)),
            )
            .order_by(Placement.end_date)
        ),
        overdue_actions=first_rows(
            select(CheckpointAction, Checkpoint, Client)
            .join(Checkpoint, Checkpoint.id == CheckpointAction.checkpoint_id)
            .join(Client, Client.id == Checkpoint.client_id)
            .where(
                Checkpoint.client_id.in_(client_ids),
                CheckpointAction.done_at.is_(None),
                CheckpointAction.due_date < today,
            )
            .order_by(CheckpointAction.due_date)
        ),
        signals=[
            (s, signal_clients[s.client_id]) for s in signals if s.client_id in signal_clients
        ],
        reviews=build_review_work(client_ids, today),
        visits=visits_due(client_ids, today),
        plan_reviews=plan_reviews_due(client_ids, today),
    )
