"""Where the worklist's items come from: one SELECT per kind, all of the same shape.

Every source gives rows of ``(client_id, kind, item_id, ref_id, due, agreed, note)`` for the
clients in ``client_ids`` (a SELECT of ids): ``item_id`` names the row the item is about (a
user's done or snooze mark points at it), ``ref_id`` the page it links to, ``due`` the day it
is (or was) due, ``agreed`` whether the day is one agreed with others (a meeting), ``note`` a
short text. The worklist unions them and aggregates in SQL, so the page reads only the rows
it shows whatever the size of the caseload.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import (
    Date,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)

from portal.app.sql import date_plus
from portal.models import (
    Checkpoint,
    CheckpointAction,
    Client,
    CoachVisit,
    FollowUp,
    IntensifiedPlan,
    PathwayState,
    Placement,
    PlacementType,
    Review,
    ReviewAction,
    ReviewParty,
    VisitStatus,
)
from portal.pathway.risks import ENDING_WITHIN_DAYS, absent_twice, out_of_contact
from portal.reviews.schedule import DUE_NOTICE_DAYS, interval_weeks

#: A follow-up is on the worklist this many days before it is due.
FOLLOW_UP_NOTICE_DAYS = 14


def end_of_week(today: date) -> date:
    """The Sunday of ``today``'s week: what is due "this week" is due by then."""
    return today + timedelta(days=6 - today.weekday())


def _row(client_id, kind: str, item_id, ref_id, due, agreed=None, note=None) -> list:
    return [
        client_id.label("client_id"),
        literal(kind, String).label("kind"),
        item_id.label("item_id"),
        ref_id.label("ref_id"),
        type_coerce(due, Date).label("due"),
        (agreed if agreed is not None else literal(False)).label("agreed"),
        (note if note is not None else literal("", String)).label("note"),
    ]


def open_checkpoints(ids: Select, today: date) -> Select:
    due = func.coalesce(Checkpoint.next_meeting, literal(today, Date))
    return select(
        *_row(
            Checkpoint.client_id,
            "checkpoint",
            Checkpoint.id,
            Checkpoint.id,
            due,
            agreed=Checkpoint.next_meeting >= today,
        )
    ).where(Checkpoint.client_id.in_(ids), Checkpoint.closed_at.is_(None))


def overdue_actions(ids: Select, today: date) -> Select:
    return (
        select(
            *_row(
                Checkpoint.client_id,
                "checkpoint_action",
                CheckpointAction.id,
                Checkpoint.id,
                CheckpointAction.due_date,
                note=CheckpointAction.description,
            )
        )
        .join(Checkpoint, Checkpoint.id == CheckpointAction.checkpoint_id)
        .where(
            Checkpoint.client_id.in_(ids),
            CheckpointAction.done_at.is_(None),
            CheckpointAction.due_date < today,
        )
    )


def follow_ups(ids: Select, today: date) -> Select:
    return select(
        *_row(
            FollowUp.client_id,
            "follow_up",
            FollowUp.id,
            FollowUp.id,
            FollowUp.due_date,
            note=cast(FollowUp.months, String),
        )
    ).where(
        FollowUp.client_id.in_(ids),
        FollowUp.result == "",
        FollowUp.due_date <= today + timedelta(days=FOLLOW_UP_NOTICE_DAYS),
    )


def ending_placements(ids: Select, today: date) -> Select:
    """A placement ending within a week; its note is the next step (empty: a risk)."""
    return select(
        *_row(
            Placement.client_id,
            "placement_ending",
            Placement.id,
            Placement.id,
            Placement.end_date,
            note=Placement.next_step,
        )
    ).where(
        Placement.client_id.in_(ids),
        Placement.ended_on.is_(None),
        Placement.end_date.between(today, today + timedelta(days=ENDING_WITHIN_DAYS)),
    )


def _coaching(ids: Select) -> Select:
    return select(Client.id).where(
        Client.id.in_(ids), Client.state == PathwayState.WORKPLACE_COACHING
    )


def visits(ids: Select, today: date) -> Select:
    """Planned workplace visits due this week or overdue, for clients still at the workplace."""
    return select(
        *_row(CoachVisit.client_id, "visit", CoachVisit.id, CoachVisit.id, CoachVisit.due_date)
    ).where(
        CoachVisit.client_id.in_(_coaching(ids)),
        CoachVisit.status == VisitStatus.PLANNED,
        CoachVisit.due_date <= end_of_week(today),
    )


def plan_reviews(ids: Select, today: date) -> Select:
    """Intensified plans ending this week or ended that nobody has reviewed."""
    return select(
        *_row(
            IntensifiedPlan.client_id,
            "plan_review",
            IntensifiedPlan.id,
            IntensifiedPlan.id,
            IntensifiedPlan.end_date,
        )
    ).where(
        IntensifiedPlan.client_id.in_(_coaching(ids)),
        IntensifiedPlan.scheduled_at.is_not(None),
        IntensifiedPlan.end_date <= end_of_week(today),
        or_(
            IntensifiedPlan.reviewed_through.is_(None),
            IntensifiedPlan.reviewed_through < IntensifiedPlan.end_date,
        ),
    )


def scheduled_reviews(ids: Select, today: date) -> Select:
    return select(
        *_row(
            Review.client_id,
            "review",
            Review.id,
            Review.id,
            Review.scheduled_on,
            agreed=Review.scheduled_on >= today,
        )
    ).where(
        Review.client_id.in_(ids),
        Review.held_on.is_(None),
        Review.cancelled_on.is_(None),
        Review.scheduled_on <= today + timedelta(days=DUE_NOTICE_DAYS),
    )


def unscheduled_reviews(ids: Select, today: date) -> Select:
    """Running placements whose next review (last held review or start + the interval) is
    due within a week and nobody has scheduled it (see ``portal.reviews.schedule``)."""
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
    return (
        select(
            *_row(
                Placement.client_id,
                "review_due",
                Placement.id,
                Placement.id,
                date_plus(basis, literal(interval.days)),
            )
        )
        .outerjoin(last, last.c.placement_id == Placement.id)
        .where(
            Placement.client_id.in_(ids),
            Placement.kind == PlacementType.WORKPLACE_COACHING,
            Placement.ended_on.is_(None),
            Placement.start_date <= today,
            Placement.end_date >= today,
            Placement.id.not_in(pending),
            basis <= today + timedelta(days=DUE_NOTICE_DAYS) - interval,
        )
    )


def unconfirmed_reviews(ids: Select, today: date) -> Select:
    """Held reviews someone has not confirmed; the note says who: ``c``, ``s`` or both."""
    who = case((Review.client_confirmed_at.is_(None), "c"), else_="") + case(
        (Review.supervisor_confirmed_at.is_(None), "s"), else_=""
    )
    return select(
        *_row(
            Review.client_id, "review_unconfirmed", Review.id, Review.id, Review.held_on, note=who
        )
    ).where(
        Review.client_id.in_(ids),
        Review.held_on.is_not(None),
        or_(Review.client_confirmed_at.is_(None), Review.supervisor_confirmed_at.is_(None)),
    )


def review_actions(ids: Select, today: date) -> Select:
    return (
        select(
            *_row(
                Review.client_id,
                "review_action",
                ReviewAction.id,
                Review.id,
                ReviewAction.due_date,
                note=ReviewAction.description,
            )
        )
        .join(Review, Review.id == ReviewAction.review_id)
        .where(
            Review.client_id.in_(ids),
            ReviewAction.owner == ReviewParty.COACH,
            ReviewAction.done_at.is_(None),
            ReviewAction.due_date <= today,
        )
    )


def _signalled(ids: Select) -> Select:
    """Clients a risk signal may be raised for: not already in a Check Point."""
    return select(Client.id).where(Client.id.in_(ids), Client.state != PathwayState.CHECKPOINT)


def no_recent_contact(ids: Select, today: date) -> Select:
    """The risk signal ``no_contact`` of ``portal.pathway.risks`` as an item due today."""
    return select(*_row(Client.id, "no_contact", Client.id, Client.id, literal(today, Date))).where(
        Client.id.in_(out_of_contact(ids, today))
    )


def consecutive_absences(ids: Select, today: date) -> Select:
    """The risk signal ``absences`` of ``portal.pathway.risks`` as an item due today."""
    return select(*_row(Client.id, "absences", Client.id, Client.id, literal(today, Date))).where(
        Client.id.in_(absent_twice(_signalled(ids)))
    )


SOURCES = (
    no_recent_contact,
    consecutive_absences,
    open_checkpoints,
    overdue_actions,
    visits,
    plan_reviews,
    scheduled_reviews,
    unscheduled_reviews,
    unconfirmed_reviews,
    review_actions,
    ending_placements,
    follow_ups,
)


def plugin_signals(ids: Select, today: date, signalled: Sequence[int]) -> Select:
    """Clients the plugins raised a risk signal for (``portal_risk_signals``), due today."""
    return select(
        *_row(Client.id, "plugin_signal", Client.id, Client.id, literal(today, Date))
    ).where(Client.id.in_(list(signalled)), Client.id.in_(_signalled(ids)))


def all_items(ids: Select, today: date, signalled: Sequence[int] = ()):
    """Every item of every kind for the clients in ``ids``, as one subquery; ``signalled``
    are the clients the plugins raised a risk signal for."""
    selects = [source(ids, today) for source in SOURCES]
    if signalled:
        selects.append(plugin_signals(ids, today, signalled))
    return union_all(*selects).subquery("items")
