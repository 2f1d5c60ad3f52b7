"""Distance travelled: the young person's own ratings of everyday and working-life readiness."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db
from portal.models.base import Versioned, utcnow

#: The areas of the instrument (``portal.distance.areas`` holds their wording), each a column.
AREAS = (
    "daily_routine",
    "on_time",
    "asking_help",
    "working_with_others",
    "money",
    "health",
    "confidence",
    "finnish_at_work",
    "knowing_what_i_want",
    "job_search",
)
#: The scale: 1 (not yet) to 4 (yes, well).
LOWEST, HIGHEST = 1, 4


class RoundKind(enum.StrEnum):
    ENTRY = "entry"
    CHECKPOINT = "checkpoint"
    EXIT = "exit"


class DistanceRound(Versioned, db.Model):
    """One taking of the self-assessment: opened by the coach, filled by the young person (or
    by the coach with them); each area is a score from 1 to 4, NULL until answered."""

    __tablename__ = "distance_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    opened_on: Mapped[date] = mapped_column(Date)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: "client" when the young person filled it in, "coach" when recorded with them.
    filled_by: Mapped[str] = mapped_column(String(10), default="")
    daily_routine: Mapped[int | None] = mapped_column(Integer)
    on_time: Mapped[int | None] = mapped_column(Integer)
    asking_help: Mapped[int | None] = mapped_column(Integer)
    working_with_others: Mapped[int | None] = mapped_column(Integer)
    money: Mapped[int | None] = mapped_column(Integer)
    health: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[int | None] = mapped_column(Integer)
    finnish_at_work: Mapped[int | None] = mapped_column(Integer)
    knowing_what_i_want: Mapped[int | None] = mapped_column(Integer)
    job_search: Mapped[int | None] = mapped_column(Integer)
