"""The review part of the coach's worklist: reviews due, records not confirmed, and the
coach's own actions from reviews that are due. One limited query per section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, or_, select

from portal.models import Client, Review, ReviewAction, ReviewParty
from portal.reviews.schedule import DUE_NOTICE_DAYS, DueReview, unscheduled_due
from portal.worklist.rows import LIMIT, first_rows


@dataclass
class ReviewWork:
    scheduled: list[tuple[Review, Client]]
    unscheduled: list[DueReview]
    unconfirmed: list[tuple[Review, Client]]
    coach_actions: list[tuple[ReviewAction, Review, Client]]

    @property
    def empty(self) -> bool:
        return not any((self.scheduled, self.unscheduled, self.unconfirmed, self.coach_actions))


def build_review_work(client_ids: Select, today: date) -> ReviewWork:
    return ReviewWork(
        scheduled=first_rows(
            select(Review, Client)
            .join(Client, Client.id == Review.client_id)
            .where(
                Review.client_id.in_(client_ids),
                Review.held_on.is_(None),
                Review.cancelled_on.is_(None),
                Review.scheduled_on <= today + timedelta(days=DUE_NOTICE_DAYS),
            )
            .order_by(Review.scheduled_on)
        ),
        unscheduled=unscheduled_due(client_ids, today, LIMIT),
        unconfirmed=first_rows(
            select(Review, Client)
            .join(Client, Client.id == Review.client_id)
            .where(
                Review.client_id.in_(client_ids),
                Review.held_on.is_not(None),
                or_(
                    Review.client_confirmed_at.is_(None),
                    Review.supervisor_confirmed_at.is_(None),
                ),
            )
            .order_by(Review.held_on)
        ),
        coach_actions=first_rows(
            select(ReviewAction, Review, Client)
            .join(Review, Review.id == ReviewAction.review_id)
            .join(Client, Client.id == Review.client_id)
            .where(
                Review.client_id.in_(client_ids),
                ReviewAction.owner == ReviewParty.COACH,
                ReviewAction.done_at.is_(None),
                ReviewAction.due_date <= today,
            )
            .order_by(ReviewAction.due_date)
        ),
    )
