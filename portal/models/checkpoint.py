"""Check Points: when things wobble during workplace coaching, nobody just drops out."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
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
    owner: Mapped[str] = mapped_column(String(120))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    checkpoint: Mapped[Checkpoint] = relationship(back_populates="actions", lazy="raise_on_sql")
