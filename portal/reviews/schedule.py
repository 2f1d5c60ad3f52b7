"""When reviews are due: every REVIEW_INTERVAL_WEEKS weeks of a running placement.

Nothing is stored when a placement starts: the next review's due date is computed from the
placement's start or its last held review, so it follows every change of those dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Select, func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Placement, PlacementType, Review

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


@dataclass
class DueReview:
    """A running placement whose next review nobody has scheduled yet."""

    placement: Placement
    client: Client
    due: date


def unscheduled_due(client_ids: Select, today: date | None = None, limit: int = 100) -> list:
    """Running placements of the clients whose next review is due within a week (or overdue)
    and not scheduled yet: one statement.

    Due means ``(last held review or start) + interval <= today + 7 days``, compared as
    ``last held review or start <= today + 7 days - interval`` so no database date arithmetic
    is needed.
    """
    today = today or clock.today()
    interval = timedelta(weeks=interval_weeks())
    last = (
        select(Review.placement_id, func.max(Review.held_on).label("held"))
        .group_by(Review.placement_id)
        .subquery()
    )
    pending = select(Review.placement_id).where(
        Review.held_on.is_(None), Review.cancelled_on.is_(None)
    )
    basis = func.coalesce(last.c.held, Placement.start_date)
    rows = db.session.execute(
        select(Placement, Client, basis.label("basis"))
        .join(Client, Client.id == Placement.client_id)
        .outerjoin(last, last.c.placement_id == Placement.id)
        .where(
            Placement.client_id.in_(client_ids),
            Placement.kind == PlacementType.WORKPLACE_COACHING,
            Placement.ended_on.is_(None),
            Placement.start_date <= today,
            Placement.end_date >= today,
            Placement.id.not_in(pending),
            basis <= today + timedelta(days=DUE_NOTICE_DAYS) - interval,
        )
        .order_by(basis)
        .limit(limit)
    ).all()
    return [DueReview(p, c, _as_date(b) + interval) for p, c, b in rows]


def _as_date(value: date | str) -> date:
    """``coalesce`` of two dates comes back from SQLite as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)
