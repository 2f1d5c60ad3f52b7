"""Workplace coaching placements: a client at a partner company with a supervisor."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
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

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default=PlacementType.WORKPLACE_COACHING)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    tasks: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
    company: Mapped[Company] = relationship(lazy="raise_on_sql")
    supervisor: Mapped[User | None] = relationship(lazy="raise_on_sql")
