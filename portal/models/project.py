"""Project settings: the period and the targets the dashboard measures against."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

#: The targets of the project description (seed): 240 clients in two years, about 35 %
#: immigrants, 70 % employed or studying afterwards.
DEFAULT_TARGETS = {
    "target_clients": 240,
    "target_immigrant_percent": 35,
    "target_positive_percent": 70,
}

#: Days before a reporting deadline that coaches are reminded to fix their participants' data.
DEFAULT_REMIND_DAYS = 14


class ProjectSettings(Timestamped, Versioned, db.Model):
    """A single row."""

    __tablename__ = "project_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="Polku")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    target_clients: Mapped[int] = mapped_column(Integer, default=240)
    target_immigrant_percent: Mapped[int] = mapped_column(Integer, default=35)
    target_positive_percent: Mapped[int] = mapped_column(Integer, default=70)
    #: The funder's reporting deadlines: ISO dates, one a line, in order.
    reporting_deadlines: Mapped[str] = mapped_column(Text, default="")
    quality_remind_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_REMIND_DAYS)

    def deadlines(self) -> list[date]:
        return [date.fromisoformat(line) for line in (self.reporting_deadlines or "").split()]
