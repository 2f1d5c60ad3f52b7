"""Rows already stored that break the date rules, for ``flask check-dates``.

The same rule functions as the services (:mod:`portal.pathway.date_rules`) are applied to each
stored row, so a row written before a rule existed, or behind the services' back, is found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import (
    Attendance,
    Checkpoint,
    CheckpointAction,
    Client,
    ContactNote,
    FollowUp,
    Group,
    GroupSession,
    JobSearchActivity,
    Outcome,
    Placement,
    PlacementInterruption,
    Project,
    Referral,
)
from portal.pathway import date_rules as rules


@dataclass(frozen=True)
class BadDate:
    table: str
    row_id: int
    problem: str


#: A check of one stored row: the row (with its client where it has one) and today.
RowCheck = Callable[[Any, date], None]


def _client_event(row: Any, today: date) -> None:
    event, client = row
    rules.happened(client, event.on, "on", today)


def _client(row: Any, today: date) -> None:
    (client,) = row
    rules.entry_date(client.birth_year, client.entry_date, today)


def _placement(row: Any, today: date) -> None:
    placement, client = row
    rules.period(placement.start_date, placement.end_date, today, client=client)
    rules.placement_within_limit(placement.start_date, placement.end_date)
    if placement.ended_on is not None:
        rules.happened(client, placement.ended_on, "ended_on", today)
        rules.end_not_before_start(placement.start_date, placement.ended_on, "ended_on")


def _interruption(row: Any, today: date) -> None:
    (interruption,) = row
    rules.period(interruption.start_date, interruption.end_date, today)


def _group(row: Any, today: date) -> None:
    (group,) = row
    rules.period(group.start_date, group.end_date, today)
    rules.group_within_limit(group.start_date, group.end_date)
    if group.start_date <= today:
        rules.group_has_members(group.member_count)


def _session(row: Any, today: date) -> None:
    (session,) = row
    rules.sensible(session.on, "on", today)


def _attendance(row: Any, today: date) -> None:
    _, session_on, client = row
    rules.session_has_happened(session_on, today)
    rules.not_before_client(client, session_on, "on")


def _checkpoint(row: Any, today: date) -> None:
    checkpoint, client = row
    if checkpoint.next_meeting is not None:
        rules.planned(client, checkpoint.next_meeting, "next_meeting", today)


def _action(row: Any, today: date) -> None:
    action, client = row
    rules.planned(client, action.due_date, "due_date", today)


def _follow_up(row: Any, today: date) -> None:
    follow_up, earlier_out_of_order = row
    rules.follow_up_in_order(earlier_out_of_order)
    rules.follow_up_open(follow_up.due_date, _local_day(follow_up.recorded_at))


def _settings(row: Any, today: date) -> None:
    (settings,) = row
    rules.sensible(settings.period_start, "period_start", today)
    rules.end_not_before_start(settings.period_start, settings.period_end, "period_end")


def _recorded_follow_ups() -> Select:
    """Recorded follow-ups, each with the months of an earlier one of the same client that
    was recorded after it or not at all (None when they are in order)."""
    earlier = aliased(FollowUp)
    out_of_order = (
        select(func.min(earlier.months))
        .where(
            earlier.client_id == FollowUp.client_id,
            earlier.months < FollowUp.months,
            or_(earlier.recorded_at.is_(None), earlier.recorded_at > FollowUp.recorded_at),
        )
        .correlate(FollowUp)
        .scalar_subquery()
    )
    return (
        select(FollowUp, out_of_order)
        .where(FollowUp.recorded_at.is_not(None))
        .order_by(FollowUp.id)
    )


def _with_client(model: Any) -> Select:
    return select(model, Client).join(Client, Client.id == model.client_id).order_by(model.id)


#: Each table with a date the rules cover: its query (the row first) and the row's check.
CHECKS: list[tuple[str, Callable[[], Select], RowCheck]] = [
    ("clients", lambda: select(Client).order_by(Client.id), _client),
    ("placements", lambda: _with_client(Placement), _placement),
    (
        "placement_interruptions",
        lambda: select(PlacementInterruption).order_by(PlacementInterruption.id),
        _interruption,
    ),
    ("groups", lambda: select(Group).order_by(Group.id), _group),
    ("group_sessions", lambda: select(GroupSession).order_by(GroupSession.id), _session),
    (
        "attendance",
        lambda: (
            select(Attendance, GroupSession.on, Client)
            .join(GroupSession, GroupSession.id == Attendance.session_id)
            .join(Client, Client.id == Attendance.client_id)
            .order_by(Attendance.id)
        ),
        _attendance,
    ),
    ("contact_notes", lambda: _with_client(ContactNote), _client_event),
    ("job_search_activities", lambda: _with_client(JobSearchActivity), _client_event),
    ("referrals", lambda: _with_client(Referral), _client_event),
    ("outcomes", lambda: _with_client(Outcome), _client_event),
    ("follow_ups", _recorded_follow_ups, _follow_up),
    ("checkpoints", lambda: _with_client(Checkpoint), _checkpoint),
    (
        "checkpoint_actions",
        lambda: (
            select(CheckpointAction, Client)
            .join(Checkpoint, Checkpoint.id == CheckpointAction.checkpoint_id)
            .join(Client, Client.id == Checkpoint.client_id)
            .order_by(CheckpointAction.id)
        ),
        _action,
    ),
    ("projects", lambda: select(Project), _settings),
]


def bad_dates(today: date | None = None) -> Iterator[BadDate]:
    """Every stored row that breaks a date rule, table by table, with the first rule broken."""
    today = today or clock.today()
    for table, query, check in CHECKS:
        for row in db.session.execute(query()):
            try:
                check(row, today)
            except RuleError as error:
                yield BadDate(table, row[0].id, str(error.message))


def _local_day(moment: datetime) -> date:
    """The project-time day of a stored timestamp (SQLite gives it back without a zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(clock.PROJECT_TIME_ZONE).date()
