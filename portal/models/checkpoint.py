"""Check Points: when things wobble during workplace coaching, nobody just drops out."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned, utcnow
from portal.models.user import User

if TYPE_CHECKING:
    from portal.models.client import Client
    from portal.models.placement import Placement


class CheckpointSource(enum.StrEnum):
    COACH = "coach"
    SUPERVISOR = "supervisor"
    RISK_SIGNAL = "risk_signal"


class Decision(enum.StrEnum):
    CONTINUE_INTENSIFIED = "continue_intensified"
    CHANGE_PLACEMENT = "change_placement"
    PAUSE = "pause"
    REFER = "refer"
    EXIT = "exit"


class ActionOwner(enum.StrEnum):
    """Who carries out an action; the young person sees the actions that are theirs."""

    COACH = "coach"
    CLIENT = "client"
    SUPERVISOR = "supervisor"
    OTHER = "other"


class VisitStatus(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


class PlanReviewOutcome(enum.StrEnum):
    CONTINUE = "continue"
    END = "end"
    NEW_CHECKPOINT = "new_checkpoint"


#: The working-life skills a plan can focus on (the same keys as the assessment forms').
FOCUS_SKILLS = (
    "punctuality",
    "safety",
    "instructions",
    "cooperation",
    "initiative",
    "customer_service",
    "quality",
    "learning",
)


class Checkpoint(Timestamped, Versioned, db.Model):
    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"))
    source: Mapped[str] = mapped_column(String(20), default=CheckpointSource.COACH)
    signal: Mapped[str] = mapped_column(String(40), default="")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    difficulty: Mapped[str] = mapped_column(Text, default="")
    reassessment: Mapped[str] = mapped_column(Text, default="")
    #: Why the working-life skills were not re-assessed, when they were not.
    no_reassessment_reason: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(30), default="")
    decision_notes: Mapped[str] = mapped_column(Text, default="")
    next_meeting: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id], lazy="raise_on_sql")
    client: Mapped[Client] = relationship(lazy="raise_on_sql")
    placement: Mapped[Placement | None] = relationship(lazy="raise_on_sql")
    actions: Mapped[list[CheckpointAction]] = relationship(
        back_populates="checkpoint", lazy="raise_on_sql", order_by="CheckpointAction.due_date"
    )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CheckpointAction(db.Model):
    """One action of a Check Point's plan, with its owner and due date."""

    __tablename__ = "checkpoint_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("checkpoints.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120), default="")
    owner_kind: Mapped[str] = mapped_column(String(20), default=ActionOwner.COACH)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    #: The due date before the action was carried over to ``due_date`` at the Check Point.
    carried_from: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    checkpoint: Mapped[Checkpoint] = relationship(back_populates="actions", lazy="raise_on_sql")


class IntensifiedPlan(Timestamped, db.Model):
    """The concrete plan behind "continue with intensified coaching".

    Drafted while the Check Point is open; closing it schedules the visits (``scheduled_at``).
    The plan is due for review on its ``end_date`` until ``reviewed_through`` reaches it.
    """

    __tablename__ = "intensified_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("checkpoints.id", ondelete="CASCADE"), unique=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    visits_per_week: Mapped[int] = mapped_column(Integer)
    weeks: Mapped[int] = mapped_column(Integer)
    check_ins_per_week: Mapped[int] = mapped_column(Integer, default=0)
    focus_skill: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date, index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_through: Mapped[date | None] = mapped_column(Date)
    review_outcome: Mapped[str] = mapped_column(String(20), default="")
    review_notes: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    checkpoint: Mapped[Checkpoint] = relationship(lazy="raise_on_sql")
    client: Mapped[Client] = relationship(lazy="raise_on_sql")

    @property
    def review_pending(self) -> bool:
        return self.scheduled_at is not None and (
            self.reviewed_through is None or self.reviewed_through < self.end_date
        )


class CoachVisit(db.Model):
    """One scheduled visit of the coach to the workplace under an intensified plan."""

    __tablename__ = "coach_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("intensified_plans.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=VisitStatus.PLANNED, index=True)
    visited_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    missed_reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    plan: Mapped[IntensifiedPlan] = relationship(lazy="raise_on_sql")
    client: Mapped[Client] = relationship(lazy="raise_on_sql")
