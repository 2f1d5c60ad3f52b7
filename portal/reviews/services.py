"""Reviews: schedule, hold (notes and agenda), agree actions, confirm the record.

Each service checks its rules (raising :class:`RuleError` before it writes), audits and
commits, except :func:`hold`, whose caller checks the form's version and commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Client, Placement, Review, ReviewAction, ReviewParty, User
from portal.notify.service import link_to, notify


@dataclass
class HeldData:
    held_on: date
    agenda: str
    notes: str
    difficulties: str = ""
    coach_notes: str = ""


def _audit(action: str, review: Review, actor: User | None) -> None:
    audit.record(
        action,
        actor=actor,
        client_id=review.client_id,
        object_type="review",
        object_id=review.id,
    )


def schedule(placement: Placement, client: Client, on: date, actor: User) -> Review:
    """Schedule the next review of a running placement."""
    if placement.ended_on is not None:
        raise RuleError(_l("This placement has ended: reviews are held during a placement."))
    if on < clock.today():
        raise RuleError(
            _l("A review is scheduled for today or later. Record a past review as held."),
            field="scheduled_on",
        )
    if not placement.start_date <= on <= placement.end_date:
        raise RuleError(
            _l(
                "Schedule the review during the placement (%(start)s – %(end)s).",
                start=format_date(placement.start_date, "short"),
                end=format_date(placement.end_date, "short"),
            ),
            field="scheduled_on",
        )
    pending = db.session.scalar(
        select(Review.id).where(
            Review.placement_id == placement.id,
            Review.held_on.is_(None),
            Review.cancelled_on.is_(None),
        )
    )
    if pending is not None:
        raise RuleError(
            _l("A review of this placement is already scheduled: hold it first."),
            field="scheduled_on",
        )
    review = Review(
        client_id=client.id, placement_id=placement.id, scheduled_on=on, created_by_id=actor.id
    )
    db.session.add(review)
    db.session.flush()
    _audit("review.schedule", review, actor)
    db.session.commit()
    return review


def hold(review: Review, placement: Placement, data: HeldData, actor: User) -> None:
    """Record the review as held (or correct the record until someone has confirmed it)."""
    if review.cancelled_on is not None:
        raise RuleError(_l("This review was cancelled when the placement ended."))
    if review.confirmed_by_anyone:
        raise RuleError(
            _l("The record has been confirmed and can no longer be changed. Add an action instead.")
        )
    if data.held_on > clock.today():
        raise RuleError(_l("A review cannot be recorded as held in the future."), field="held_on")
    if data.held_on < placement.start_date:
        raise RuleError(
            _l("A review is held during the placement, not before it started."), field="held_on"
        )
    if not data.notes.strip():
        raise RuleError(_l("Write down what was agreed."), field="notes")
    first_record = review.held_on is None
    review.held_on = data.held_on
    review.agenda = data.agenda.strip()
    review.notes = data.notes.strip()
    review.difficulties = data.difficulties.strip()
    review.coach_notes = data.coach_notes.strip()
    review.held_by_id = actor.id
    _audit("review.hold", review, actor)
    if first_record and placement.supervisor_id:
        supervisor = db.session.get(User, placement.supervisor_id)
        link = link_to("trainees.review", client_id=review.client_id, review_id=review.id)
        notify([supervisor], "review_to_confirm", link=link, client_id=review.client_id)


def add_action(
    review: Review, actor: User, *, description: str, owner: str, due: date
) -> ReviewAction:
    """An action agreed at a held review, with its owner and due date."""
    if not review.held:
        raise RuleError(_l("Actions are agreed at the review: record it as held first."))
    if owner not in {p.value for p in ReviewParty}:
        raise RuleError(_l("Choose who does it."), field="owner")
    if due < review.held_on:
        raise RuleError(_l("An action is due on the day of the review or later."), field="due_date")
    action = ReviewAction(
        review_id=review.id, description=description.strip(), owner=owner, due_date=due
    )
    db.session.add(action)
    _audit("review.action", review, actor)
    db.session.commit()
    return action


def complete_action(action: ReviewAction, review: Review, actor: User) -> None:
    if action.done_at is not None:
        raise RuleError(_l("This action is already done."))
    action.done_at = clock.utcnow()
    _audit("review.action_done", review, actor)
    db.session.commit()


def _check_confirmable(review: Review, confirmed_at: object) -> None:
    if not review.held:
        raise RuleError(_l("The review has not been held yet: there is nothing to confirm."))
    if confirmed_at is not None:
        raise RuleError(_l("You have already confirmed this record."))


def confirm_by_client(review: Review, user: User) -> None:
    """The young person confirms the record on their own page."""
    _check_confirmable(review, review.client_confirmed_at)
    review.client_confirmed_at = clock.utcnow()
    review.client_confirmed_by_id = user.id
    _audit("review.confirm_client", review, user)
    db.session.commit()


def confirm_by_supervisor(review: Review, user: User | None, name: str = "") -> None:
    """The supervisor confirms: signed in (``user``) or through a link (``name`` given)."""
    _check_confirmable(review, review.supervisor_confirmed_at)
    if user is None and not name.strip():
        raise RuleError(_l("Give your name."), field="name")
    review.supervisor_confirmed_at = clock.utcnow()
    review.supervisor_confirmed_by_id = user.id if user else None
    review.supervisor_confirmed_name = name.strip() or (user.name if user else "")
    _audit("review.confirm_supervisor", review, user)
    db.session.commit()
