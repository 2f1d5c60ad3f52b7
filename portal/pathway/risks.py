"""Risk signals that suggest a Check Point, computed in SQL for a whole set of clients.

Each signal is one query over the clients in ``client_ids`` (a SELECT of ids), so the
worklist runs the same number of statements whatever the number of clients.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, case, func, or_, select, union_all

from portal.app import clock
from portal.app.extensions import db
from portal.app.sql import unindexed
from portal.hooks.types import RiskSignal
from portal.models import (
    Attendance,
    AttendanceStatus,
    Client,
    CoachVisit,
    ContactNote,
    GroupSession,
    PathwayState,
    Placement,
    Review,
    VisitStatus,
)
from portal.pathway.plugin_risks import plugin_risk_signals
from portal.pathway.transitions import ACTIVE_STATES

NO_CONTACT_DAYS = 14
ENDING_WITHIN_DAYS = 7


def absent_twice(client_ids: Select) -> Select:
    """The ids of clients whose two latest group sessions were both unexcused absences."""
    ranked = (
        select(
            Attendance.client_id,
            Attendance.status,
            func.row_number()
            .over(
                partition_by=Attendance.client_id,
                order_by=(GroupSession.on.desc(), GroupSession.id.desc()),
            )
            .label("n"),
        )
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .where(Attendance.client_id.in_(client_ids))
        .subquery()
    )
    return (
        select(ranked.c.client_id)
        .where(ranked.c.n <= 2)
        .group_by(ranked.c.client_id)
        .having(func.sum(case((ranked.c.status == AttendanceStatus.ABSENT, 1), else_=0)) == 2)
    )


def consecutive_absences(client_ids: Select) -> list[RiskSignal]:
    """The client's two latest group sessions were both unexcused absences."""
    rows = db.session.scalars(absent_twice(client_ids))
    return [RiskSignal(cid, "absences", _l("Two unexcused absences in a row")) for cid in rows]


def _contact_notes() -> Select:
    return select(ContactNote.client_id.label("client_id"), ContactNote.on.label("on"))


def _attended_sessions() -> Select:
    return (
        select(Attendance.client_id.label("client_id"), GroupSession.on.label("on"))
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
    )


#: Where a contact with the client is recorded: each a SELECT of (client_id, on). Adding a
#: source is one more entry here.
def _held_reviews() -> Select:
    return select(Review.client_id, Review.held_on).where(Review.held_on.is_not(None))


def _workplace_visits() -> Select:
    return select(CoachVisit.client_id, CoachVisit.visited_on).where(
        unindexed(CoachVisit.status) == VisitStatus.DONE
    )


CONTACT_SOURCES: list[Callable[[], Select]] = [
    _contact_notes,
    _attended_sessions,
    _held_reviews,
    _workplace_visits,
]


def _contacted(client: type[Client], since: date | None, until: date) -> ColumnElement[bool]:
    """Any source has a contact with ``client`` on a day in [``since``, ``until``] (from the
    beginning when ``since`` is None): one index probe per source and client."""
    probes = []
    for source in CONTACT_SOURCES:
        contacts = source()
        client_id, on = contacts.selected_columns
        day = unindexed(on)
        window = day <= until if since is None else day.between(since, until)
        probes.append(contacts.where(client_id == client.id, window).exists())
    return or_(*probes)


def out_of_contact(client_ids: Select, today: date) -> Select:
    """The ids of active clients nobody has been in contact with for 14 days: no contact in the
    last 14 days, and either an earlier contact or a record older than that.

    Written as correlated probes per client (not a latest-contact GROUP BY over everybody's
    contacts), so one client's page costs that client's rows and a caseload its own."""
    cutoff = today - timedelta(days=NO_CONTACT_DAYS)
    created_before = datetime.combine(cutoff, time.min, tzinfo=UTC)
    return select(Client.id).where(
        Client.id.in_(client_ids),
        Client.state.in_([s for s in ACTIVE_STATES if s != PathwayState.CHECKPOINT]),
        ~_contacted(Client, cutoff, today),
        or_(
            _contacted(Client, None, cutoff - timedelta(days=1)), Client.created_at < created_before
        ),
    )


def no_recent_contact(client_ids: Select, today: date) -> list[RiskSignal]:
    """An active client nobody has been in contact with for 14 days (one SQL statement)."""
    rows = db.session.scalars(out_of_contact(client_ids, today))
    return [RiskSignal(cid, "no_contact", _l("No contact for 14 days")) for cid in rows]


def ending_unplanned(client_ids: Select, today: date) -> Select:
    """The ids of clients whose placement ends within a week with no next step written down."""
    return select(Placement.client_id).where(
        Placement.client_id.in_(client_ids),
        Placement.ended_on.is_(None),
        Placement.end_date.between(today, today + timedelta(days=ENDING_WITHIN_DAYS)),
        Placement.next_step == "",
    )


def ending_without_next_step(client_ids: Select, today: date) -> list[RiskSignal]:
    """A placement ends within a week and nobody has written down what comes next."""
    rows = db.session.scalars(ending_unplanned(client_ids, today).distinct())
    return [
        RiskSignal(cid, "no_next_step", _l("Placement ends within 7 days with no next step"))
        for cid in rows
    ]


#: The core's signals as SELECTs of client ids, by kind (the client list filters by them).
SIGNAL_QUERIES: dict[str, Callable[[Select, date], Select]] = {
    "absences": lambda ids, _today: absent_twice(ids),
    "no_contact": out_of_contact,
    "no_next_step": ending_unplanned,
}


def signalled(client_ids: Select, today: date, kind: str | None = None) -> Select:
    """The ids among ``client_ids`` with a core risk signal (of ``kind``, or of any kind),
    those already in a Check Point left out, as one SELECT for a filter or a count."""
    open_ids = select(Client.id).where(
        Client.id.in_(client_ids), Client.state != PathwayState.CHECKPOINT
    )
    if kind:
        return SIGNAL_QUERIES[kind](open_ids, today)
    return union_all(*(query(open_ids, today) for query in SIGNAL_QUERIES.values()))


def risk_signals(client_ids: Select, today: date | None = None) -> list[RiskSignal]:
    """Every signal for the clients, the core's and the plugins', those with a Check Point
    already open left out."""
    today = today or clock.today()
    signals = [
        *consecutive_absences(client_ids),
        *no_recent_contact(client_ids, today),
        *ending_without_next_step(client_ids, today),
        *plugin_risk_signals(client_ids, today),
    ]
    in_checkpoint = set(
        db.session.scalars(
            select(Client.id).where(
                Client.id.in_(client_ids), Client.state == PathwayState.CHECKPOINT
            )
        )
    )
    return [s for s in signals if isinstance(s, RiskSignal) and s.client_id not in in_checkpoint]
