"""The client's pathway: state changes, intake details, consents and contacts."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import utcnow
from portal.models.user import User

if TYPE_CHECKING:
    from portal.models.client import Client


class StateTransition(db.Model):
    """One recorded move of a client from one pathway state to another."""

    __tablename__ = "state_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(lazy="raise_on_sql")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")


class PriorLearning(db.Model):
    """Competence gained before the project: recognition of prior learning (AHOT)."""

    __tablename__ = "prior_learning"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(200))
    where: Mapped[str] = mapped_column(String(200), default="")
    duration: Mapped[str] = mapped_column(String(100), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    client: Mapped[Client] = relationship(lazy="raise_on_sql")


class ConsentScope(enum.StrEnum):
    INTAKE_SUMMARY = "intake_summary"  # prior learning and goals
    SUPPORT_TEXT = "support_text"  # "support agreed with the coach", in the client's words
    LANGUAGE_SUPPORT = "language_support"  # a plain "language support needed" flag


#: The version of the consent wording shown today (labels and explanations in
#: ``portal.access.consents``); change it whenever that wording changes.
CONSENT_WORDING_VERSION = "2026-1"


class ConsentChannel(enum.StrEnum):
    """How the consent was given."""

    IN_PERSON = "in_person"  # to the coach, who recorded it on the client's behalf
    PAPER = "paper"  # a signed form
    PORTAL = "portal"  # by the young person in Polku


class Consent(db.Model):
    """What the client agreed to share with employers; withdrawable at any time.

    ``wording_version`` names the wording the client agreed to (``CONSENT_WORDING_VERSION``);
    a withdrawn row keeps its history: ``withdrawn_at`` is set, nothing is deleted.
    """

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(30))
    shared_text: Mapped[str] = mapped_column(Text, default="")
    given_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    wording_version: Mapped[str] = mapped_column(String(20), default=CONSENT_WORDING_VERSION)
    channel: Mapped[str] = mapped_column(String(20), default=ConsentChannel.IN_PERSON)

    client: Mapped[Client] = relationship(lazy="raise_on_sql")


class ContactNote(db.Model):
    """A contact with the client (meeting, call, message): the no-contact signal reads these."""

    __tablename__ = "contact_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(20), default="meeting")
    summary: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User | None] = relationship(lazy="raise_on_sql")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
