"""Workplace coaching placements: a client at a partner company with a supervisor."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

if TYPE_CHECKING:
    from portal.models.client import Client
    from portal.models.company import Company
    from portal.models.user import User


class PlacementType(enum.StrEnum):
    WORKPLACE_COACHING = "workplace_coaching"
    WORK_TRIAL = "work_trial"
    EMPLOYMENT = "employment"


class Placement(Timestamped, Versioned, db.Model):
    __tablename__ = "placements"
    __table_args__ = (
        # An employer's placements, read in the order of their start or of their end from the
        # earliest they may see (ADR 0039); each also serves a lookup by the company alone.
        Index("ix_placements_company_start", "company_id", "start_date", "id"),
        Index("ix_placements_company_end", "company_id", "end_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default=PlacementType.WORKPLACE_COACHING)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    tasks: Mapped[str] = mapped_column(Text, default="")
    part_time_percent: Mapped[int] = mapped_column(Integer, default=100)
    #: Why the length is outside 1-3 months, confirmed by the coach.
    length_reason: Mapped[str] = mapped_column(Text, default="")
    #: What follows the placement; empty a week before the end raises a risk signal.
    next_step: Mapped[str] = mapped_column(Text, default="")
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
    company: Mapped[Company] = relationship(lazy="raise_on_sql")
    supervisor: Mapped[User | None] = relationship(lazy="raise_on_sql")
    interruptions: Mapped[list[PlacementInterruption]] = relationship(
        lazy="raise_on_sql", order_by="PlacementInterruption.start_date"
    )

    @property
    def last_day(self) -> date:
        return self.ended_on or self.end_date


class PlacementInterruption(db.Model):
    """A break in a placement (illness, holiday, a pause decided at a Check Point)."""

    __tablename__ = "placement_interruptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
