"""Tripartite reviews: coach, young person and workplace supervisor meet during a placement."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

if TYPE_CHECKING:
    from portal.models.client import Client
    from portal.models.placement import Placement
    from portal.models.user import User


class ReviewParty(enum.StrEnum):
    """Who owns a review's action (and who confirms the record)."""

    COACH = "coach"
    CLIENT = "client"
    SUPERVISOR = "supervisor"


class Review(Timestamped, Versioned, db.Model):
    """One review of a placement: scheduled, then held, then confirmed by each party.

    ``agenda``, ``notes`` and ``difficulties`` are the record all three parties see and
    confirm; ``coach_notes`` are for the coaches only.
    """

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    scheduled_on: Mapped[date] = mapped_column(Date, index=True)
    held_on: Mapped[date | None] = mapped_column(Date, index=True)
    agenda: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    coach_notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    client_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    supervisor_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supervisor_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The name the supervisor gave when confirming through a link (no account).
    supervisor_confirmed_name: Mapped[str] = mapped_column(String(200), default="")
    #: A review planned after the placement's last day is cancelled when it ends early; it
    #: stays in the history with the reason.
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
    placement: Mapped[Placement] = relationship(lazy="raise_on_sql")
    client_confirmed_by: Mapped[User | None] = relationship(
        foreign_keys=[client_confirmed_by_id], lazy="raise_on_sql"
    )
    supervisor_confirmed_by: Mapped[User | None] = relationship(
        foreign_keys=[supervisor_confirmed_by_id], lazy="raise_on_sql"
    )
    actions: Mapped[list[ReviewAction]] = relationship(
        back_populates="review", lazy="raise_on_sql", order_by="ReviewAction.due_date"
    )

    @property
    def held(self) -> bool:
        return self.held_on is not None

    @property
    def confirmed(self) -> bool:
        return self.client_confirmed_at is not None and self.supervisor_confirmed_at is not None

    @property
    def confirmed_by_anyone(self) -> bool:
        return self.client_confirmed_at is not None or self.supervisor_confirmed_at is not None


class ReviewAction(db.Model):
    """What someone agreed at a review to do by a date."""

    __tablename__ = "review_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    review: Mapped[Review] = relationship(back_populates="actions", lazy="raise_on_sql")


class ReviewLink(db.Model):
    """A single-use link for the supervisor to confirm a review; only the token's hash is kept."""

    __tablename__ = "review_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    review: Mapped[Review] = relationship(lazy="raise_on_sql")
