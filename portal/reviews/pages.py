"""What the review pages read: a review with everything its record shows, in a fixed number
of statements, and the reviews of a client or of the placements a viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.app.extensions import db
from portal.models import Client, Placement, PlacementType, Review
from portal.reviews.schedule import next_due


def _with_record(query: Select) -> Select:
    return query.options(
        selectinload(Review.actions),
        selectinload(Review.placement).selectinload(Placement.company),
        selectinload(Review.placement).selectinload(Placement.supervisor),
        selectinload(Review.client_confirmed_by),
        selectinload(Review.supervisor_confirmed_by),
    )


def review_or_404(review_id: int, client: Client, placements: Select | None = None) -> Review:
    """The client's review with its record; ``placements`` (a SELECT of placement ids) limits
    it further, e.g. to the employer's own company. 404 for anything else."""
    query = select(Review).where(Review.id == review_id, Review.client_id == client.id)
    if placements is not None:
        query = query.where(Review.placement_id.in_(placements))
    review = db.session.scalar(_with_record(query))
    if review is None:
        abort(404)
    return review


def linked_review(review_id: int) -> Review:
    """The review a valid link belongs to, with its record and the client."""
    query = select(Review).where(Review.id == review_id).options(selectinload(Review.client))
    return db.session.scalars(_with_record(query)).one()


def reviews_of(client: Client, placements: Select | None = None, *, held_only: bool = False):
    """The client's reviews, newest first (one statement)."""
    query = select(Review).where(Review.client_id == client.id)
    if placements is not None:
        query = query.where(Review.placement_id.in_(placements))
    if held_only:
        query = query.where(Review.held_on.is_not(None))
    return db.session.scalars(query.order_by(Review.scheduled_on.desc(), Review.id.desc())).all()


@dataclass
class PlacementReviews:
    """A workplace-coaching placement with its reviews and when the next one is due."""

    placement: Placement
    reviews: list[Review]
    next_due: date | None
    pending: Review | None


def client_reviews(client: Client) -> list[PlacementReviews]:
    """Every workplace-coaching placement of the client with its reviews (two statements)."""
    placements = db.session.scalars(
        select(Placement)
        .where(Placement.client_id == client.id, Placement.kind == PlacementType.WORKPLACE_COACHING)
        .options(selectinload(Placement.company))
        .order_by(Placement.start_date.desc())
    ).all()
    by_placement: dict[int, list[Review]] = {}
    for review in reviews_of(client):
        by_placement.setdefault(review.placement_id, []).append(review)
    result = []
    for placement in placements:
        reviews = by_placement.get(placement.id, [])
        pending = next((r for r in reviews if not r.held and r.cancelled_on is None), None)
        held = [r.held_on for r in reviews if r.held_on]
        running = placement.ended_on is None
        result.append(
            PlacementReviews(
                placement,
                reviews,
                next_due(placement, max(held, default=None)) if running else None,
                pending,
            )
        )
    return result
