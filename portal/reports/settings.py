"""The project's period and targets (one row; defaults until the admin saves)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import DEFAULT_TARGETS, ProjectSettings


def project_settings() -> ProjectSettings:
    """The saved settings, or (not yet saved) defaults: this year and next, the seed's targets."""
    settings = db.session.scalar(select(ProjectSettings).limit(1))
    if settings is None:
        today = clock.today()
        settings = ProjectSettings(
            period_start=date(today.year, 1, 1),
            period_end=date(today.year + 1, 12, 31),
            version=0,
            **DEFAULT_TARGETS,
        )
    return settings
