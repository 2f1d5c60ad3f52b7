"""Organisations and their projects: the period, funder and targets each project is measured
against, its coaches and its partner companies (ADR 0029)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.app.extensions import db
from portal.models.base import Timestamped, Versioned

if TYPE_CHECKING:
    from portal.models.company import Company
    from portal.models.user import User

#: The targets of the project description (seed): 240 clients in two years, about 35 %
#: immigrants, 70 % employed or studying afterwards.
DEFAULT_TARGETS = {
    "target_clients": 240,
    "target_immigrant_percent": 35,
    "target_positive_percent": 70,
}

#: Days before a reporting deadline that coaches are reminded to fix their participants' data.
DEFAULT_REMIND_DAYS = 14

project_coaches = Table(
    "project_coaches",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

project_companies = Table(
    "project_companies",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Organisation(Timestamped, db.Model):
    """The city (or other body) that runs the installation's projects."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Project(Timestamped, Versioned, db.Model):
    """One funded project: its young people are enrolled in it (``clients.project_id``)."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="Polku")
    funder: Mapped[str] = mapped_column(String(200), default="", server_default="")
    funding_code: Mapped[str] = mapped_column(String(60), default="", server_default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    target_clients: Mapped[int] = mapped_column(Integer, default=240)
    target_immigrant_percent: Mapped[int] = mapped_column(Integer, default=35)
    target_positive_percent: Mapped[int] = mapped_column(Integer, default=70)
    #: The funder's reporting deadlines: ISO dates, one a line, in order.
    reporting_deadlines: Mapped[str] = mapped_column(Text, default="")
    quality_remind_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_REMIND_DAYS)

    organisation: Mapped[Organisation] = relationship(lazy="raise_on_sql")
    coaches: Mapped[list[User]] = relationship(secondary=project_coaches, lazy="raise_on_sql")
    companies: Mapped[list[Company]] = relationship(
        secondary=project_companies, lazy="raise_on_sql"
    )

    def deadlines(self) -> list[date]:
        return [date.fromisoformat(line) for line in (self.reporting_deadlines or "").split()]


def _work_projects() -> tuple:
    """``User.work_project_count`` and ``User.first_work_project``: how many projects the
    user adds clients and groups to, and the first of them (the admin: every project; a
    project manager: theirs; a coach: those they work in). Deferred: loaded with the
    signed-in user in the session's statement, so that a form learns without a statement of
    its own whether it has a project to ask for (``portal.projects.services``)."""
    from sqlalchemy import case, func, select
    from sqlalchemy.orm import column_property, undefer

    from portal.models.user import Role, User

    mine = project_coaches.c.user_id == User.id
    User.work_project_count = column_property(
        case(
            (User.role == Role.ADMIN, select(func.count(Project.id)).scalar_subquery()),
            (User.role == Role.PROJECT_MANAGER, case((User.project_id.is_(None), 0), else_=1)),
            else_=select(func.count()).select_from(project_coaches).where(mine).scalar_subquery(),
        ),
        deferred=True,
    )
    User.first_work_project = column_property(
        case(
            (User.role == Role.ADMIN, select(func.min(Project.id)).scalar_subquery()),
            (User.role == Role.PROJECT_MANAGER, User.project_id),
            else_=select(func.min(project_coaches.c.project_id)).where(mine).scalar_subquery(),
        ),
        deferred=True,
    )
    return undefer(User.work_project_count), undefer(User.first_work_project)


#: Loader options for the signed-in user: what any page may ask of them, in the same statement.
SIGNED_IN_USER = _work_projects()
