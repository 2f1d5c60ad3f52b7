"""Attitude Training sessions and attendance."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Versioned

if TYPE_CHECKING:
    from portal.models.client import Client
    from portal.models.group import Group


class SessionTopic(enum.StrEnum):
    WORKING_LIFE_SKILLS = "working_life_skills"
    COMPANY_VISIT = "company_visit"
    JOB_SEARCH = "job_search"
    OTHER = "other"


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class GroupSession(Versioned, db.Model):
    """A session; its version guards the attendance marked for it."""

    __tablename__ = "group_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(30), default=SessionTopic.WORKING_LIFE_SKILLS)
    title: Mapped[str] = mapped_column(String(200))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))

    group: Mapped[Group] = relationship(lazy="raise_on_sql")


class Attendance(db.Model):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_sessions.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))

    session: Mapped[GroupSession] = relationship(lazy="raise_on_sql")
    client: Mapped[Client] = relationship(lazy="raise_on_sql")
