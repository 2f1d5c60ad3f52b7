"""A review's agenda: open actions from earlier reviews and Check Points (the core's own
points) and what plugins report through ``portal_review_agenda`` (onboarding, assessments)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.app.extensions import db
from portal.hooks.manager import collect
from portal.hooks.types import AgendaItem
from portal.models import Checkpoint, CheckpointAction, Placement, Review, ReviewAction
from portal.models.labels import label


def since(review: Review, placement: Placement) -> date:
    """The day of the placement's previous held review, or its start."""
    query = select(func.max(Review.held_on)).where(
        Review.placement_id == placement.id, Review.id != review.id
    )
    if review.held_on is not None:
        query = query.where(Review.held_on <= review.held_on)
    return db.session.scalar(query) or placement.start_date


def open_actions(review: Review) -> list[AgendaItem]:
    """Actions of the client's earlier reviews and Check Points that are not done."""
    earlier = db.session.execute(
        select(ReviewAction, Review.held_on)
        .join(Review, Review.id == ReviewAction.review_id)
        .where(
            Review.client_id == review.client_id,
            Review.id != review.id,
            ReviewAction.done_at.is_(None),
        )
        .order_by(ReviewAction.due_date)
    ).all()
    checkpoint_actions = db.session.scalars(
        select(CheckpointAction)
        .join(Checkpoint, Checkpoint.id == CheckpointAction.checkpoint_id)
        .where(Checkpoint.client_id == review.client_id, CheckpointAction.done_at.is_(None))
        .order_by(CheckpointAction.due_date)
    ).all()
    return [
        *(
            AgendaItem(
                f"review_action:{action.id}",
                _l(
                    "Open action from the review of %(day)s: %(text)s",
                    day=_day(held),
                    text=action.description,
                ),
                _l(
                    "%(owner)s, by %(day)s",
                    owner=label(action.owner, "review_party"),
                    day=_day(action.due_date),
                ),
                order=10,
            )
            for action, held in earlier
        ),
        *(
            AgendaItem(
                f"checkpoint_action:{action.id}",
                _l("Open action from a Check Point: %(text)s", text=action.description),
                _l("%(owner)s, by %(day)s", owner=action.owner, day=_day(action.due_date)),
                staff_only=True,
                order=20,
            )
            for action in checkpoint_actions
        ),
    ]


def _day(day: date | None) -> str:
    return format_date(day, "short") if day else "–"


def agenda_items(review: Review, placement: Placement) -> list[AgendaItem]:
    """Every point for the review's agenda, sorted by ``order``."""
    items = [
        *open_actions(review),
        *collect("portal_review_agenda", placement=placement, since=since(review, placement)),
    ]
    return sorted(items, key=lambda item: item.order)


def as_text(items: list[AgendaItem]) -> str:
    """The agenda the coach starts from: one line per point the whole record may show."""
    lines = []
    for item in items:
        if item.staff_only:
            continue
        detail = str(item.detail)
        lines.append(f"- {item.title}" + (f" ({detail})" if detail else ""))
    return "\n".join(lines)
