"""Coaching groups: the Attitude Training start phase that 8-15 young people go through together."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

if TYPE_CHECKING:
    from portal.models.client import Client
    from portal.models.project import Project
    from portal.models.user import User

group_coaches = Table(
    "group_coaches",
    db.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

group_members = Table(
    "group_members",
    db.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("client_id", ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Group(Timestamped, Versioned, db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    #: Why the size or length is outside 8-15 members or 1-2 weeks, confirmed by the coach.
    exception_reason: Mapped[str] = mapped_column(Text, default="")

    #: Counted in SQL with the group itself, so lists never load the members to count them.
    member_count: Mapped[int] = column_property(
        select(func.count(group_members.c.client_id))
        .where(group_members.c.group_id == id)
        .correlate_except(group_members)
        .scalar_subquery()
    )

    project: Mapped[Project] = relationship(lazy="raise_on_sql")
    coaches: Mapped[list[User]] = relationship(secondary=group_coaches, lazy="raise_on_sql")
    members: Mapped[list[Client]] = relationship(
        secondary=group_members, back_populates="groups", lazy="raise_on_sql"
    )


#: The report's group filter offers the newest groups: read in index order, not all sorted.
Index("ix_groups_start_date", Group.start_date, Group.id)
