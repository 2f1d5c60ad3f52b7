"""A user's own marks on worklist items: done, or snoozed until a day."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db
from portal.models.base import utcnow


class MarkState(enum.StrEnum):
    DONE = "done"
    SNOOZED = "snoozed"


class WorklistMark(db.Model):
    """One user's decision about one item on their worklist, with the reason.

    An item is named by its kind and the id of the row it comes from (a follow-up, a visit,
    a placement ...); a mark is the user's own and hides the item from their worklist only:
    for good when done, until ``until`` when snoozed. Marking again replaces the mark.
    """

    __tablename__ = "worklist_marks"
    __table_args__ = (UniqueConstraint("user_id", "kind", "item_id", name="uq_worklist_mark"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    item_id: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))
    until: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
