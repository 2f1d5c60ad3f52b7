"""Accounts: every person who signs in, whatever their role."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

if TYPE_CHECKING:
    from portal.models.company import Company


class Role(enum.StrEnum):
    ADMIN = "admin"
    COACH = "coach"
    EMPLOYER = "employer"
    CLIENT = "client"


class User(UserMixin, Timestamped, Versioned, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: Bumped on password change or deactivation: every older login stops working.
    login_generation: Mapped[int] = mapped_column(Integer, default=1)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)

    company: Mapped[Company | None] = relationship(back_populates="employers", lazy="raise_on_sql")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.login_generation}"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
