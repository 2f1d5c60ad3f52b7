"""Placements: the rules for dates, supervisors, overlaps and interruptions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy import update as update_rows

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.hooks.manager import fire
from portal.models import (
    Checkpoint,
    Client,
    CoachVisit,
    Company,
    IntensifiedPlan,
    PathwayState,
    Placement,
    PlacementInterruption,
    PlacementType,
    Review,
    Role,
    User,
    VisitStatus,
)
from portal.pathway import date_rules
from portal.pathway.dates import add_months, overlaps
from portal.pathway.progress import placement_added
from portal.pathway.transitions import PLACEMENT_COMPLETED, CheckpointRequired, move_by_action

#: The phases in which a started placement may only end early through a Check Point.
IN_COACHING = (PathwayState.WORKPLACE_COACHING, PathwayState.CHECKPOINT)


@dataclass
class PlacementData:
    company_id: int
    supervisor_id: int | None
    kind: str
    start_date: date
    end_date: date
    tasks: str = ""
    part_time_percent: int = 100
    length_reason: str = ""
    next_step: str = ""


def length_outside_range(start: date, end: date) -> bool:
    """Workplace coaching lasts 1-3 months; outside that the coach gives a reason."""
    return end < add_months(start, 1) - timedelta(days=1) or end > add_months(start, 3)


def check(client: Client, data: PlacementData, placement: Placement | None = None) -> None:
    """Raise :class:`RuleError` for the first rule the data breaks."""
    if data.kind not in {k.value for k in PlacementType}:
        raise RuleError(_l("Choose the type of placement."), field="kind")
    date_rules.period(data.start_date, data.end_date, clock.today(), client=client)
    date_rules.placement_within_limit(data.start_date, data.end_date)
    if not 10 <= data.part_time_percent <= 100:
        raise RuleError(
            _l("Working time must be between 10 and 100 percent."), field="part_time_percent"
        )
    company = db.session.get(Company, data.company_id)
    if company is None:
        raise RuleError(_l("Choose the partner company."), field="company_id")
    if data.supervisor_id is not None:
        supervisor = db.session.get(User, data.supervisor_id)
        if (
            supervisor is None
            or supervisor.role != Role.EMPLOYER
            or not supervisor.active
            or supervisor.company_id != company.id
        ):
            raise RuleError(
                _l("The supervisor must be a workplace supervisor of the same company."),
                field="supervisor_id",
            )
    if (
        data.kind == PlacementType.WORKPLACE_COACHING
        and length_outside_range(data.start_date, data.end_date)
        and not data.length_reason.strip()
    ):
        raise RuleError(
            _l(
                "Workplace coaching usually lasts 1-3 months. To continue, confirm "
                "the dates by giving a reason."
            ),
            field="length_reason",
        )
    others = db.session.scalars(select(Placement).where(Placement.client_id == client.id))
    for other in others:
        if placement is not None and other.id == placement.id:
            continue
        if overlaps(data.start_date, data.end_date, other.start_date, other.last_day):
            raise RuleError(
                _l("The dates overlap another placement of this client."), field="start_date"
            )


def create(client: Client, data: PlacementData, actor: User) -> Placement:
    """Add a placement; one that has started moves the client to workplace coaching."""
    if client.state in (PathwayState.FOLLOW_UP, PathwayState.CLOSED):
        raise RuleError(_l("The client relationship has ended: no new placements."))
    check(client, data)
    placement = Placement(client_id=client.id, **vars(data))
    db.session.add(placement)
    db.session.flush()
    placement_added(client, placement, actor, clock.today())
    audit.record(
        "placement.create",
        actor=actor,
        client_id=client.id,
        object_type="placement",
        object_id=placement.id,
    )
    db.session.commit()
    fire("portal_placement_started", placement=placement, actor=actor)
    return placement


def update(placement: Placement, client: Client, data: PlacementData, actor: User) -> None:
    """Apply changed details (the caller checks the version and commits)."""
    _check_not_cut_short(placement, client, data, clock.today())
    check(client, data, placement)
    for key, value in vars(data).items():
        setattr(placement, key, value)
    audit.record(
        "placement.update",
        actor=actor,
        client_id=client.id,
        object_type="placement",
        object_id=placement.id,
    )


def _is_running(placement: Placement, client: Client, today: date) -> bool:
    """A started, unended placement of a client in workplace coaching or at a Check Point."""
    return (
        client.state in IN_COACHING and placement.ended_on is None and placement.start_date <= today
    )


def _check_not_cut_short(
    placement: Placement, client: Client, data: PlacementData, today: date
) -> None:
    """Editing may not end a running placement early: shortening it, moving its start into
    the future or to another company is a Check Point decision."""
    if not _is_running(placement, client, today):
        return
    if data.end_date < placement.end_date:
        raise CheckpointRequired(
            _l(
                "Shortening a running placement ends it early: open a Check Point, "
                "where ending early is decided."
            ),
            field="end_date",
        )
    if data.start_date > today or data.company_id != placement.company_id:
        raise CheckpointRequired(
            _l(
                "Moving a running placement ends it: open a Check Point, where a change "
                "of placement is decided."
            )
        )


def check_end(placement: Placement, client: Client, on: date) -> None:
    """Raise when the placement cannot end on ``on`` (any reason)."""
    if placement.ended_on is not None:
        raise RuleError(_l("This placement has already ended."))
    date_rules.happened(client, on, "on", clock.today())
    date_rules.end_not_before_start(placement.start_date, on, "on")


def end(placement: Placement, client: Client, on: date, reason: str, actor: User) -> None:
    """Record the placement's last day as planned; the client moves on to the further
    pathway when nothing else is planned. Ending early goes through a Check Point."""
    check_end(placement, client, on)
    if client.state == PathwayState.CHECKPOINT:
        raise CheckpointRequired(
            _l("A Check Point is open for this client: its decision ends the placement.")
        )
    if on < placement.end_date and client.state == PathwayState.WORKPLACE_COACHING:
        raise CheckpointRequired(
            _l(
                "Ending before the planned end goes through a Check Point, unless the young "
                "person was hired or got a study place: then choose that as the way it ended."
            ),
            field="on",
        )
    close_placement(placement, client, on, reason, actor)
    if client.state == PathwayState.WORKPLACE_COACHING and not _other_open(placement):
        move_by_action(client, PathwayState.PATHWAY, actor, PLACEMENT_COMPLETED)
    db.session.commit()
    fire("portal_placement_ended", placement=placement, actor=actor, reason=reason)


def _other_open(placement: Placement) -> bool:
    """Whether the client has another placement that has not ended."""
    return (
        db.session.scalar(
            select(Placement.id)
            .where(
                Placement.client_id == placement.client_id,
                Placement.id != placement.id,
                Placement.ended_on.is_(None),
            )
            .limit(1)
        )
        is not None
    )


def close_placement(
    placement: Placement, client: Client, on: date, reason: str, actor: User
) -> None:
    """Set the end without the early-exit check (a Check Point decision did that)."""
    placement.ended_on = on
    placement.end_reason = reason.strip()
    _cancel_planned_after(placement, on, reason)
    audit.record(
        "placement.end",
        actor=actor,
        client_id=client.id,
        object_type="placement",
        object_id=placement.id,
        purpose=reason[:300],
    )


def _cancel_planned_after(placement: Placement, last_day: date, reason: str) -> None:
    """Coach visits (of intensified plans decided at this placement's Check Points) and
    reviews planned after the placement's last day will not happen: they are cancelled, and
    kept with the reason, so that no worklist or page keeps offering them."""
    why = str(
        _l("The placement ended on %(day)s: %(reason)s", day=last_day.isoformat(), reason=reason)
    ).strip()
    plans = (
        select(IntensifiedPlan.id)
        .join(Checkpoint, Checkpoint.id == IntensifiedPlan.checkpoint_id)
        .where(Checkpoint.placement_id == placement.id)
    )
    db.session.execute(
        update_rows(CoachVisit)
        .where(
            CoachVisit.plan_id.in_(plans),
            CoachVisit.status == VisitStatus.PLANNED,
            CoachVisit.due_date > last_day,
        )
        .values(status=VisitStatus.CANCELLED, missed_reason=why),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update_rows(Review)
        .where(
            Review.placement_id == placement.id,
            Review.held_on.is_(None),
            Review.cancelled_on.is_(None),
            Review.scheduled_on > last_day,
        )
        .values(cancelled_on=clock.today(), cancel_reason=why),
        execution_options={"synchronize_session": False},
    )


def interrupt(
    placement: Placement, start: date, end_date: date, reason: str, actor: User
) -> PlacementInterruption:
    date_rules.period(start, end_date, clock.today())
    if start < placement.start_date or end_date > placement.last_day:
        raise RuleError(_l("An interruption must fall within the placement."), field="start_date")
    existing = db.session.scalars(
        select(PlacementInterruption).where(PlacementInterruption.placement_id == placement.id)
    )
    for other in existing:
        if overlaps(start, end_date, other.start_date, other.end_date):
            raise RuleError(_l("The dates overlap another interruption."), field="start_date")
    interruption = PlacementInterruption(
        placement_id=placement.id, start_date=start, end_date=end_date, reason=reason.strip()
    )
    db.session.add(interruption)
    audit.record(
        "placement.interrupt",
        actor=actor,
        client_id=placement.client_id,
        object_type="placement",
        object_id=placement.id,
    )
    db.session.commit()
    return interruption
