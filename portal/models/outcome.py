"""Further pathway: job search, outcomes at exit, follow-ups, partners and referrals."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Versioned, utcnow
from portal.models.user import User

if TYPE_CHECKING:
    from portal.models.client import Client


class JobSearchKind(enum.StrEnum):
    APPLICATION = "application"
    INTERVIEW = "interview"
    STUDY_APPLICATION = "study_application"
    OTHER = "other"


class JobSearchResult(enum.StrEnum):
    PENDING = "pending"
    INTERVIEW = "interview"
    OFFER = "offer"
    REJECTED = "rejected"
    ACCEPTED = "accepted"


class JobSearchActivity(Versioned, db.Model):
    __tablename__ = "job_search_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(30), default=JobSearchKind.APPLICATION)
    organisation: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str] = mapped_column(String(20), default=JobSearchResult.PENDING)
    notes: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User | None] = relationship(lazy="raise_on_sql")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")


class OutcomeKind(enum.StrEnum):
    EMPLOYED_COACHING_COMPANY = "employed_coaching_company"
    EMPLOYED_SAME_FIELD = "employed_same_field"
    EMPLOYED_OTHER_FIELD = "employed_other_field"
    STUDY_PLACE = "study_place"
    WORK_TRIAL = "work_trial"
    REFERRED = "referred"
    OTHER = "other"


class StudyStatus(enum.StrEnum):
    APPLIED = "applied"
    ACCEPTED = "accepted"
    STARTED = "started"


#: Outcomes that count as "employed or studying" against the project's 70 % target.
POSITIVE_OUTCOMES = frozenset(
    {
        OutcomeKind.EMPLOYED_COACHING_COMPANY,
        OutcomeKind.EMPLOYED_SAME_FIELD,
        OutcomeKind.EMPLOYED_OTHER_FIELD,
        OutcomeKind.STUDY_PLACE,
    }
)


class Outcome(db.Model):
    """Where the client went at exit. One per client relationship."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True, unique=True
    )
    kind: Mapped[str] = mapped_column(String(40), index=True)
    on: Mapped[date] = mapped_column(Date)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    employer_name: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[str] = mapped_column(String(120), default="")
    school: Mapped[str] = mapped_column(String(200), default="")
    programme: Mapped[str] = mapped_column(String(200), default="")
    study_status: Mapped[str] = mapped_column(String(20), default="")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("network_partners.id"))
    details: Mapped[str] = mapped_column(Text, default="")
    #: ESF+ results upon leaving (``portal.models.esf.Fact``; "" = not recorded): gained a
    #: qualification, and (when not in work or education) engaged in job searching.
    qualification_gained: Mapped[str] = mapped_column(String(10), default="", server_default="")
    job_searching: Mapped[str] = mapped_column(String(10), default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    client: Mapped[Client] = relationship(lazy="raise_on_sql")


class FollowUpResult(enum.StrEnum):
    EMPLOYED = "employed"
    STUDYING = "studying"
    UNEMPLOYED = "unemployed"
    BACK_IN_SERVICES = "back_in_services"
    NOT_REACHED = "not_reached"


class FollowUp(Versioned, db.Model):
    """A check 3 or 6 months after exit: did the young person stay in work or studies?"""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    months: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    result: Mapped[str] = mapped_column(String(20), default="")
    #: ESF+ "improved labour-market situation" at the 6-month follow-up of someone employed
    #: at entry (``portal.models.esf.Fact``; "" = not recorded).
    improved_situation: Mapped[str] = mapped_column(String(10), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    client: Mapped[Client] = relationship(lazy="raise_on_sql")


class PartnerKind(enum.StrEnum):
    OHJAAMO = "ohjaamo"
    EMPLOYMENT_SERVICES = "employment_services"
    SOCIAL_HEALTH = "social_health"
    SCHOOL = "school"
    OTHER = "other"


class NetworkPartner(Versioned, db.Model):
    __tablename__ = "network_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default=PartnerKind.OTHER)
    contact: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Referral(Versioned, db.Model):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("network_partners.id"))
    direction: Mapped[str] = mapped_column(String(3))  # "in" or "out"
    on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    partner: Mapped[NetworkPartner] = relationship(lazy="raise_on_sql")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
