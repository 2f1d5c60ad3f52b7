"""Tables of the recognition plugin (prefixed ``recognition_``).

The catalog (qualifications, units, skill requirements, assessment targets) comes from
ePerusteet and is versioned: a qualification row is one published version, and a unit row is
one version of a unit's content, shared by the qualification versions that have exactly that
content. Catalog rows are never changed once stored, so what a recognition was made against
stays as it was. The rest is each client's recognition plan: units, evidence, demonstrations with
their grades, decisions and a history of every change.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.api import Client, Company, User, Versioned, clock, db


class RecognitionQualification(db.Model):
    """A published version of a qualification (ePerusteet peruste ``id``). Importing the same
    id with other content adds the next ``version``; identical content is not stored twice."""

    __tablename__ = "recognition_qualifications"
    __table_args__ = (UniqueConstraint("source_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    fingerprint: Mapped[str] = mapped_column(String(64), default="", index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    transition_ends: Mapped[date | None] = mapped_column(Date)
    diary_number: Mapped[str] = mapped_column(String(40), default="", index=True)
    education_type: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    name_fi: Mapped[str] = mapped_column(String(300), index=True)
    points_unit: Mapped[str] = mapped_column(String(20), default="osaamispiste")
    structure: Mapped[list[Any]] = mapped_column(JSON, default=list)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)

    def expired(self, today: date) -> bool:
        """No longer valid: not offered as a new target (those who started may finish)."""
        return self.valid_until is not None and self.valid_until < today


class RecognitionUnit(db.Model):
    """One version of a unit's content, keyed by its code and a fingerprint of the content."""

    __tablename__ = "recognition_units"
    __table_args__ = (UniqueConstraint("code", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    source_id: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    name_fi: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="normaali")
    scale: Mapped[str] = mapped_column(String(4), default="1")
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    demonstration: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: Paragraphs around (or, before 2015, instead of) the list of skill requirements.
    requirements_note: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: ``arviointi.lisatiedot``.
    assessment_notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)


class RecognitionMember(db.Model):
    """A unit in a qualification version. ``mandatory``, ``points`` and ``group`` summarise;
    ``placements`` keeps each place in the structure: group, specialisation (osaamisala),
    mandatory and points there."""

    __tablename__ = "recognition_members"
    __table_args__ = (UniqueConstraint("qualification_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    qualification_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_qualifications.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("recognition_units.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    points: Mapped[float | None] = mapped_column(Float)
    points_max: Mapped[float | None] = mapped_column(Float)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    group: Mapped[str] = mapped_column(String(300), default="")
    placements: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    unit: Mapped[RecognitionUnit] = relationship(lazy="raise_on_sql")


class RecognitionRequirement(db.Model):
    """A skill requirement (ammattitaitovaatimus); referenced as ``<unit code>/<position>``."""

    __tablename__ = "recognition_requirements"
    __table_args__ = (UniqueConstraint("unit_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_units.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[dict[str, str]] = mapped_column(JSON)
    text_fi: Mapped[str] = mapped_column(Text)


class RecognitionTarget(db.Model):
    """An assessment target (arvioinnin kohde) with criteria per competence level."""

    __tablename__ = "recognition_targets"
    __table_args__ = (UniqueConstraint("unit_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_units.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    area: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    scale: Mapped[str] = mapped_column(String(4))
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class UnitStatus(enum.StrEnum):
    IDENTIFIED = "identified"
    EVIDENCE = "evidence_gathered"
    DEMONSTRATION = "demonstration_planned"
    RECOGNISED = "recognised"
    PARTIAL = "partially_recognised"
    NOT_RECOGNISED = "not_recognised"


DECIDED = (UnitStatus.RECOGNISED, UnitStatus.PARTIAL, UnitStatus.NOT_RECOGNISED)


class Confirmation(enum.StrEnum):
    """Where a decision stands with the education provider, who confirms what the coach proposes."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    RETURNED = "returned"


class RecognitionPlan(Versioned, db.Model):
    """A client's target qualification, and the school's identifiers for the eHOKS record."""

    __tablename__ = "recognition_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), unique=True
    )
    qualification_id: Mapped[int] = mapped_column(ForeignKey("recognition_qualifications.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)
    #: Entered by the education provider (eHOKS oppija-oid, opiskeluoikeus-oid, the school's
    #: oppilaitos oid) and the day the school first approved the HOKS.
    learner_oid: Mapped[str] = mapped_column(String(40), default="")
    study_right_oid: Mapped[str] = mapped_column(String(40), default="")
    school_oid: Mapped[str] = mapped_column(String(40), default="")
    hoks_approved_on: Mapped[date | None] = mapped_column(Date)

    client: Mapped[Client] = relationship(lazy="raise_on_sql")
    qualification: Mapped[RecognitionQualification] = relationship(lazy="raise_on_sql")


class RecognitionPlanUnit(Versioned, db.Model):
    """A unit that matters for the client, and where its recognition stands."""

    __tablename__ = "recognition_plan_units"
    __table_args__ = (UniqueConstraint("plan_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_plans.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("recognition_units.id"))
    #: The qualification version the recognition is made against.
    qualification_id: Mapped[int | None] = mapped_column(
        ForeignKey("recognition_qualifications.id"), index=True
    )
    status: Mapped[str] = mapped_column(String(30), default=UnitStatus.IDENTIFIED)
    points_credited: Mapped[float | None] = mapped_column(Float)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    #: The coach's decision is a proposal until the education provider confirms it.
    confirmation: Mapped[str] = mapped_column(String(20), default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    confirmation_comment: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[RecognitionPlan] = relationship(lazy="raise_on_sql")
    unit: Mapped[RecognitionUnit] = relationship(lazy="raise_on_sql")
    decided_by: Mapped[User | None] = relationship(
        lazy="raise_on_sql", foreign_keys=[decided_by_id]
    )
    confirmed_by: Mapped[User | None] = relationship(
        lazy="raise_on_sql", foreign_keys=[confirmed_by_id]
    )


class RecognitionEvidence(db.Model):
    __tablename__ = "recognition_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_unit_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_plan_units.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))  # placement, prior_learning, note, plugin refs
    ref: Mapped[str] = mapped_column(String(80), default="")
    label: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    on: Mapped[date | None] = mapped_column(Date)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)


class RecognitionEvent(db.Model):
    """The history of a plan unit: every status change, evidence, demonstration and grade."""

    __tablename__ = "recognition_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_unit_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_plan_units.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str] = mapped_column(String(30), default="")
    to_status: Mapped[str] = mapped_column(String(30), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship(lazy="raise_on_sql")


class RecognitionDemonstration(Versioned, db.Model):
    """A competence demonstration (näyttö) at a partner company."""

    __tablename__ = "recognition_demonstrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_unit_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_plan_units.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    #: The unit version demonstrated against (its assessment targets are the ones graded).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("recognition_units.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    tasks: Mapped[str] = mapped_column(Text)
    #: The coach or teacher who assesses for the education side.
    teacher_name: Mapped[str] = mapped_column(String(200))
    employer_assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The teacher user who assesses for the education provider, when one was invited.
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: Individual assessment criteria (eHOKS yksilolliset-kriteerit), one per line.
    individual_criteria: Mapped[str] = mapped_column(Text, default="")
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    grade: Mapped[str] = mapped_column(String(10), default="")
    assessed_on: Mapped[date | None] = mapped_column(Date)
    #: Codes of ammatillisennaytonarvioinnistapaattaneet / ...keskusteluunosallistuneet.
    decided_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    discussion: Mapped[list[str]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")

    plan_unit: Mapped[RecognitionPlanUnit] = relationship(lazy="raise_on_sql")
    company: Mapped[Company] = relationship(lazy="raise_on_sql")
    teacher: Mapped[User | None] = relationship(lazy="raise_on_sql", foreign_keys=[teacher_id])
    employer_assessor: Mapped[User] = relationship(
        lazy="raise_on_sql", foreign_keys=[employer_assessor_id]
    )


class RecognitionGrade(db.Model):
    """The grade of one assessment target in a demonstration, on the unit's scale."""

    __tablename__ = "recognition_grades"
    __table_args__ = (UniqueConstraint("demonstration_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    demonstration_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_demonstrations.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(ForeignKey("recognition_targets.id", ondelete="CASCADE"))
    grade: Mapped[str] = mapped_column(String(10))
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)
