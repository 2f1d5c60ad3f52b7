"""Tables of the assessments plugin (prefixed ``assessments_``)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.api import Client, Placement, User, Versioned, clock, db


class AssessmentDefinition(db.Model):
    """One version of a form definition, exactly as it was when answers were given to it."""

    __tablename__ = "assessments_definitions"
    __table_args__ = (UniqueConstraint("key", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    number: Mapped[int] = mapped_column(Integer)
    declared_version: Mapped[str] = mapped_column(String(40), default="")
    digest: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)


class Status(enum.StrEnum):
    PENDING = "pending"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AMENDED = "amended"  # replaced by a newer version
    CANCELLED = "cancelled"


OPEN = (Status.PENDING, Status.DRAFT)
DONE = (Status.SUBMITTED,)


BASELINE = text("occasion = 'intake' AND filled_by = 'client' AND amends_id IS NULL")
#: The open ones, as an index's condition: a statement asking for ``status IN`` the same two
#: values (PostgreSQL sees them as literals) reads them in due order from that index alone.
OPEN_ROWS = text("status IN ('pending', 'draft')")
LEARN_NEXT_ROWS = text("learn_next_company_id IS NOT NULL")


class Assessment(Versioned, db.Model):
    """An assessment asked of someone: pending, a draft, or submitted answers."""

    __tablename__ = "assessments"
    __table_args__ = (
        # One baseline self-assessment per young person and form (amendments aside).
        Index(
            "uq_assessments_baseline",
            "client_id",
            "form_key",
            unique=True,
            sqlite_where=BASELINE,
            postgresql_where=BASELINE,
        ),
        # The open ones by due day, and the latest submitted: a few among hundreds of
        # thousands, found by their status instead of walking every row in date order.
        Index("ix_assessments_status_due", "status", "due_on", "id"),
        # PostgreSQL cannot merge the two statuses' ranges of the index above in due order:
        # without this one it walks every assessment by due day (ADR 0047).
        Index(
            "ix_assessments_open_due",
            "due_on",
            "id",
            sqlite_where=OPEN_ROWS,
            postgresql_where=OPEN_ROWS,
        ),
        Index("ix_assessments_status_submitted", "status", "submitted_at"),
        # The latest "what to learn next" of each company, a few per company read from here.
        Index(
            "ix_assessments_learn_next",
            "learn_next_company_id",
            "id",
            sqlite_where=LEARN_NEXT_ROWS,
            postgresql_where=LEARN_NEXT_ROWS,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    definition_id: Mapped[int] = mapped_column(ForeignKey("assessments_definitions.id"))
    form_key: Mapped[str] = mapped_column(String(80), index=True)
    filled_by: Mapped[str] = mapped_column(String(20))
    occasion: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=Status.PENDING, index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    respondent: Mapped[str] = mapped_column(String(200), default="")
    #: The submitted assessment this one amends, and why.
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    amend_reason: Mapped[str] = mapped_column(Text, default="")
    #: The skill scores of the answers, counted when they are saved (``scores.scores``).
    skill_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    skill_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    safety: Mapped[int | None] = mapped_column(Integer)
    #: The placement's company, when this is a supervisor's submitted end-of-placement
    #: assessment that says what to learn next (the companies' feedback shows the latest).
    learn_next_company_id: Mapped[int | None] = mapped_column(Integer)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    last_reminder_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
    placement: Mapped[Placement | None] = relationship(lazy="raise_on_sql")
    definition: Mapped[AssessmentDefinition] = relationship(lazy="raise_on_sql")
    submitted_by: Mapped[User | None] = relationship(lazy="raise_on_sql")


class AssessmentLink(db.Model):
    """A single-use link for a supervisor without an account; only the token's hash is kept."""

    __tablename__ = "assessments_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def is_open() -> ColumnElement[bool]:
    """The assessment is open, in the words of ``ix_assessments_open_due``'s condition (the
    statuses as literals, not bound values): both databases then read the open ones in due
    order from that index alone, SQLite included."""
    return Assessment.status.in_([literal_column(f"'{status.value}'") for status in OPEN])
