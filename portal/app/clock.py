"""The one clock: what time and day it is in the project's time zone (Europe/Helsinki).

Use these instead of ``date.today()`` or ``datetime.now()``: a server runs in UTC, and between
midnight and 02:00 or 03:00 Finnish time its date is still yesterday. Tests freeze them with
freezegun like any other clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PROJECT_TIME_ZONE = ZoneInfo("Europe/Helsinki")


def now() -> datetime:
    """The current moment, time-zone aware, in the project's time zone."""
    return datetime.now(UTC).astimezone(PROJECT_TIME_ZONE)


def today() -> date:
    """Today's date in the project's time zone."""
    return now().date()


def utcnow() -> datetime:
    """The current moment in UTC, for timestamps stored in the database."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored timestamp with its time zone: SQLite gives back naive datetimes of the UTC
    moments written."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
