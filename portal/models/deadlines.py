"""The data-quality reminders sent to coaches before the project's reporting deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db
from portal.models.base import utcnow


class QualityReminder(db.Model):
    """One reminder to one coach before one deadline of one project: the unique key keeps
    it to one (a coach in two projects with the same deadline day gets one for each)."""

    __tablename__ = "quality_reminders"
    __table_args__ = (UniqueConstraint("project_id", "deadline", "coach_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    deadline: Mapped[date] = mapped_column(Date)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
