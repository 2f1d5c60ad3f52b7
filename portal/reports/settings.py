"""The project's period and targets (one row; defaults until the admin saves)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.models import DEFAULT_REMIND_DAYS, DEFAULT_TARGETS, Organisation, Project, User
from portal.pathway import date_rules


def project_settings() -> Project:
    """The default (first) project, or (none saved yet) defaults: this year and next, the
    seed's targets."""
    settings = db.session.scalar(select(Project).order_by(Project.id).limit(1))
    if settings is None:
        today = clock.today()
        settings = Project(
            period_start=date(today.year, 1, 1),
            period_end=date(today.year + 1, 12, 31),
            version=0,
            reporting_deadlines="",
            quality_remind_days=DEFAULT_REMIND_DAYS,
            **DEFAULT_TARGETS,
        )
    return settings


@dataclass
class SettingsDetails:
    name: str
    period_start: date
    period_end: date
    target_clients: int
    target_immigrant_percent: int
    target_positive_percent: int
    reporting_deadlines: str
    quality_remind_days: int


def save_settings(current: Project, details: SettingsDetails, actor: User) -> None:
    """Apply the period and targets (the caller checks the version and commits).

    The first save stores the defaults' row, with the changes.
    """
    date_rules.sensible(details.period_start, "period_start", clock.today())
    date_rules.end_not_before_start(details.period_start, details.period_end, "period_end")
    for deadline in details.reporting_deadlines.split():
        date_rules.sensible(date.fromisoformat(deadline), "reporting_deadlines", clock.today())
    if current.id is None:
        current.version = None
        current.organisation = default_organisation()
        db.session.add(current)
    for key, value in vars(details).items():
        setattr(current, key, value)
    audit.record("project.settings", actor=actor)


def default_organisation() -> Organisation:
    """The installation's (first) organisation; a new one, named as the project, if none."""
    organisation = db.session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
    return organisation or Organisation(name="Polku")
