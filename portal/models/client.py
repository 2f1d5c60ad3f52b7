"""Clients (the young people) and their sensitive intake data, kept in a table of its own."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app import clock
from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

if TYPE_CHECKING:
    from portal.models.group import Group
    from portal.models.project import Project
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


class Person(db.Model):
    """The young person, once, whatever projects they are enrolled in (ADR 0029).

    The details stay on each enrolment (:class:`Client`): a project's records keep what was
    true when the young person took part in it.
    """

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)


class Client(Timestamped, Versioned, db.Model):
    """One enrolment of a young person in a project, with the intake basics that coaches work
    with every day. The table keeps its old name: a row of ``clients`` is an enrolment, and
    :class:`Person` is the young person across enrolments (ADR 0029).

    Nothing here is health data or reveals ethnic origin: that lives in
    :class:`ClientSensitive` and is read only through ``portal.sensitive``.
    """

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    #: The same person's enrolment just before this one, in any project of the organisation.
    previous_enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
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
    #: The record this one was merged into as a duplicate of the same young person, and when
    #: (``portal.clients.merge``): kept, emptied, seen by nobody, its address leads there.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    merged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    person: Mapped[Person] = relationship(lazy="raise_on_sql")
    project: Mapped[Project] = relationship(lazy="raise_on_sql")
    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id], lazy="raise_on_sql")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="raise_on_sql")
    groups: Mapped[list[Group]] = relationship(
        secondary="group_members", back_populates="members", lazy="raise_on_sql"
    )

    def __init__(self, **fields: object) -> None:
        """A new enrolment is a new person unless it names the person (enrolling again)."""
        if "person" not in fields and "person_id" not in fields:
            fields["person"] = Person()
        super().__init__(**fields)

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


#: The coach's start page lists the most recently changed clients in scope: read in index order,
#: it stops after ten instead of sorting the whole caseload.
Index("ix_clients_updated_at", Client.updated_at)
#: A coach's own clients by name (the client list's default order) and the latest changed
#: (their start page), each read as one range of an index: no sort of the caseload (ADR 0040).
Index("ix_clients_coach_name", Client.coach_id, Client.last_name, Client.first_name, Client.id)
Index("ix_clients_coach_updated", Client.coach_id, Client.updated_at, Client.id)
