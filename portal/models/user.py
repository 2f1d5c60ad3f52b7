"""Accounts: every person who signs in, whatever their role."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned, utcnow

if TYPE_CHECKING:
    from portal.models.company import Company


class Role(enum.StrEnum):
    ADMIN = "admin"
    COACH = "coach"
    EMPLOYER = "employer"
    CLIENT = "client"
    #: An education provider's teacher, invited by a coach for one client's recognition.
    TEACHER = "teacher"
    #: Administers one project (``users.project_id``): its clients, groups, coaches, partner
    #: companies and settings.
    PROJECT_MANAGER = "project_manager"


class User(UserMixin, Timestamped, Versioned, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    #: A locale id of `LANGUAGES`, such as "fi" or "fi@selko".
    locale: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: Bumped on password change or deactivation: every older login stops working.
    login_generation: Mapped[int] = mapped_column(Integer, default=1)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    #: The one project a project manager administers; None for every other role.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    #: The TOTP secret (base32) once the user has confirmed a code from it; None: no second factor.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: The last 30-second step whose code was accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    company: Mapped[Company | None] = relationship(back_populates="employers", lazy="raise_on_sql")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return bool(self.active)

    @property
    def has_mfa(self) -> bool:
        return self.totp_secret is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.login_generation}"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class TeacherAccess(db.Model):
    """A teacher's access to one client: granted by the client's coach, ended by them.

    A teacher sees only the clients with an open grant (``portal.access.scoping``).
    """

    __tablename__ = "teacher_access"
    __table_args__ = (UniqueConstraint("client_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RecoveryCode(db.Model):
    """A single-use code that stands in for a TOTP code; only its hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
