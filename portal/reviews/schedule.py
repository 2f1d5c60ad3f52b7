"""When reviews are due: every REVIEW_INTERVAL_WEEKS weeks of a running placement.

Nothing is stored when a placement starts: the next review's due date is computed from the
placement's start or its last held review, so it follows every change of those dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.app.extensions import db
from portal.models import Placement, Review

#: The project chooses an interval within these weeks.
INTERVAL_RANGE = (4, 6)
#: A review due within this many days (or overdue) is on the coach's worklist.
DUE_NOTICE_DAYS = 7


def interval_weeks() -> int:
    """The configured interval, kept within 4-6 weeks."""
    low, high = INTERVAL_RANGE
    return min(max(int(current_app.config["REVIEW_INTERVAL_WEEKS"]), low), high)


def next_due(placement: Placement, last_held: date | None) -> date:
    """The day the next review of ``placement`` is due."""
    return (last_held or placement.start_date) + timedelta(weeks=interval_weeks())


def last_held_on(placement_id: int) -> date | None:
    return db.session.scalar(
        select(func.max(Review.held_on)).where(Review.placement_id == placement_id)
    )
