"""Placements: the rules for dates, supervisors, overlaps and interruptions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.hooks.manager import fire
from portal.models import (
    Client,
    Company,
    PathwayState,
    Placement,
    PlacementInterruption,
    PlacementType,
    Role,
    User,
)
from portal.pathway import date_rules
from portal.pathway.dates import add_months, overlaps


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
    if client.state in (PathwayState.FOLLOW_UP, PathwayState.CLOSED):
        raise RuleError(_l("The client relationship has ended: no new placements."))
    check(client, data)
    placement = Placement(client_id=client.id, **vars(data))
    db.session.add(placement)
    db.session.flush()
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


def end(placement: Placement, client: Client, on: date, reason: str, actor: User) -> None:
    """Record the placement's last day. Ending early in workplace coaching needs a Check Point."""
    if placement.ended_on is not None:
        raise RuleError(_l("This placement has already ended."))
    date_rules.happened(client, on, "on", clock.today())
    date_rules.end_not_before_start(placement.start_date, on, "on")
    if on < placement.end_date and client.state == PathwayState.WORKPLACE_COACHING:
        raise RuleError(
            _l(
                "A client in workplace coaching cannot be discontinued directly. "
                "Open a Check Point: leaving early goes through its decision."
            )
        )
    close_placement(placement, client, on, reason, actor)
    db.session.commit()
    fire("portal_placement_ended", placement=placement, actor=actor, reason=reason)


def close_placement(
    placement: Placement, client: Client, on: date, reason: str, actor: User
) -> None:
    """Set the end without the early-exit check (a Check Point decision did that)."""
    placement.ended_on = on
    placement.end_reason = reason.strip()
    audit.record(
        "placement.end",
        actor=actor,
        client_id=client.id,
        object_type="placement",
        object_id=placement.id,
        purpose=reason[:300],
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
