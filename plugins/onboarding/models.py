"""Tables of the onboarding plugin (prefixed ``onboarding_``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.api import Company, Placement, User, Versioned, clock, db


class OnboardingModel(db.Model):
    """A company's onboarding model; its content lives in versions."""

    __tablename__ = "onboarding_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    template_key: Mapped[str] = mapped_column(String(60), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)

    company: Mapped[Company] = relationship(lazy="raise_on_sql")


class OnboardingVersion(db.Model):
    """One saved state of a model. Never changed after it is written, except its sign-offs."""

    __tablename__ = "onboarding_versions"
    __table_args__ = (UniqueConstraint("model_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_models.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    change: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)
    coach_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    coach_signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    employer_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    employer_signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="raise_on_sql")

    @property
    def agreed(self) -> bool:
        return self.coach_signed_at is not None and self.employer_signed_at is not None


class OnboardingProgress(db.Model):
    """The model version a placement follows, fixed when the placement starts."""

    __tablename__ = "onboarding_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), unique=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("onboarding_versions.id"))
    attached_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)

    placement: Mapped[Placement] = relationship(lazy="raise_on_sql")
    version: Mapped[OnboardingVersion] = relationship(lazy="raise_on_sql")


class OnboardingStepMark(db.Model):
    """A step marked done, by the supervisor, the coach or the trainee."""

    __tablename__ = "onboarding_step_marks"
    __table_args__ = (UniqueConstraint("progress_id", "step_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_progress.id", ondelete="CASCADE"), index=True
    )
    step_key: Mapped[str] = mapped_column(String(20))
    done_on: Mapped[date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)

    marked_by: Mapped[User | None] = relationship(lazy="raise_on_sql")


class OnboardingSharedTemplate(db.Model):
    """An agreed model a company offers to others, without company names or people."""

    __tablename__ = "onboarding_shared_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("onboarding_versions.id"))
    title: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    offered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    offered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OnboardingTranslation(Versioned, db.Model):
    """A step's or the fading plan's version in one language beside the reference text.

    Keyed by the model, the item (a step's key, or ``fading``) and the locale, so that it
    follows the step from version to version of the model; ``source_digest`` is the digest of
    the reference text it was written from: when the reference changes, it needs checking.
    """

    __tablename__ = "onboarding_translations"
    __table_args__ = (UniqueConstraint("model_id", "item_key", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_models.id", ondelete="CASCADE"), index=True
    )
    item_key: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    task_analysis: Mapped[list[str]] = mapped_column(JSON, default=list)
    key_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_digest: Mapped[str] = mapped_column(String(64))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow)


class OnboardingStepPhoto(db.Model):
    """A workplace photo of a step of a company's model (the file is a core attachment of
    kind ``onboarding_step``, target the model); it shows to the trainees with the step.
    Kept beside the versions, so adding a photo needs no new version and no new sign-off."""

    __tablename__ = "onboarding_step_photos"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    model_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_models.id", ondelete="CASCADE"), index=True
    )
    step_key: Mapped[str] = mapped_column(String(20))
