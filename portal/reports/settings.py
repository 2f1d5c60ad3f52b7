"""The default project (the first), whose period and targets the reports read; defaults
until a project exists. Projects are edited in ``portal.projects``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import DEFAULT_REMIND_DAYS, DEFAULT_TARGETS, Project


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
