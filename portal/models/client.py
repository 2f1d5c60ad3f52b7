"""Clients (the young people) and their sensitive intake data, kept in a table of its own."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app import clock
from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

if TYPE_CHECKING:
    from portal.models.group import Group
    from portal.models.user import User


class Goal(enum.StrEnum):
    EMPLOYMENT = "employment"
    STUDY = "study"
    UNCLEAR = "unclear"


class Education(enum.StrEnum):
    NONE = "none"
    BASIC = "basic"
    UPPER_SECONDARY_GENERAL = "upper_secondary_general"
    VOCATIONAL = "vocational"
    HIGHER = "higher"
    FOREIGN = "foreign"


class EmploymentStatus(enum.StrEnum):
    """Labour-market status at entry, as EU social-fund participant data asks."""

    UNEMPLOYED = "unemployed"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    INACTIVE = "inactive"
    IN_EDUCATION = "in_education"
    EMPLOYED = "employed"
    UNKNOWN = "unknown"


class PathwayState(enum.StrEnum):
    REFERRED = "referred"
    INTAKE = "intake"
    ATTITUDE_TRAINING = "attitude_training"
    WORKPLACE_COACHING = "workplace_coaching"
    CHECKPOINT = "checkpoint"
    PATHWAY = "pathway"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class Client(Timestamped, Versioned, db.Model):
    """The person and the intake basics that coaches work with every day.

    Nothing here is health data or reveals ethnic origin: that lives in
    :class:`ClientSensitive` and is read only through ``portal.sensitive``.
    """

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    birth_year: Mapped[int] = mapped_column(Integer)
    municipality: Mapped[str] = mapped_column(String(100), default="")
    referral_source: Mapped[str] = mapped_column(String(120), default="")
    highest_education: Mapped[str] = mapped_column(String(40), default=Education.BASIC)
    has_vocational_qualification: Mapped[bool] = mapped_column(Boolean, default=False)
    goal: Mapped[str] = mapped_column(String(20), default=Goal.UNCLEAR)
    preferred_fields: Mapped[str] = mapped_column(String(300), default="")
    work_history: Mapped[str] = mapped_column(Text, default="")
    entry_date: Mapped[date] = mapped_column(Date, default=clock.today, index=True)
    employment_status: Mapped[str] = mapped_column(String(30), default=EmploymentStatus.UNKNOWN)
    state: Mapped[str] = mapped_column(String(30), default=PathwayState.REFERRED, index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    #: ESF+ participant data at entry (``portal.models.esf``); "" is "not asked yet".
    gender: Mapped[str] = mapped_column(String(20), default="", server_default="")
    isced_level: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: The coach's answer, used when the municipality is not in the classification
    #: (``portal.esf.municipalities``).
    rural_area: Mapped[str] = mapped_column(String(10), default="", server_default="")
    #: When the ESF+ questions were last saved (None: never asked).
    esf_asked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: When the retention job removed the names, contacts and free texts (docs/privacy.md).
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id], lazy="raise_on_sql")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="raise_on_sql")
    groups: Mapped[list[Group]] = relationship(
        secondary="group_members", back_populates="members", lazy="raise_on_sql"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ClientSensitive(db.Model):
    """Health data and data that can reveal ethnic origin (GDPR art. 9).

    Never joined into list queries; never shown to employers; each read is audit-logged.
    """

    __tablename__ = "client_sensitive"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    learning_difficulties: Mapped[str] = mapped_column(Text, default="")
    support_needs: Mapped[str] = mapped_column(Text, default="")
    immigrant_background: Mapped[bool] = mapped_column(Boolean, default=False)
    native_language: Mapped[str] = mapped_column(String(60), default="")
    #: Code from the koodisto ``arviointiasteikkokehittyvankielitaidontasot`` (A1.1 ... C2.2).
    finnish_level: Mapped[str] = mapped_column(String(10), default="")
    #: ESF+ answers that are special-category data (``portal.models.esf.Answer``; "" = not
    #: asked): disability (health), third-country national, foreign background and minority
    #: (origin), homeless or affected by housing exclusion.
    disability: Mapped[str] = mapped_column(String(10), default="", server_default="")
    third_country_national: Mapped[str] = mapped_column(String(10), default="", server_default="")
    foreign_background: Mapped[str] = mapped_column(String(10), default="", server_default="")
    minority: Mapped[str] = mapped_column(String(10), default="", server_default="")
    homeless: Mapped[str] = mapped_column(String(10), default="", server_default="")

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
