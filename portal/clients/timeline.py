"""A client's timeline in one statement: a UNION ALL of every kind of dated record.

Each branch gives the same plain columns (which kind, the record's id, the day and up to three
texts); the words are put together here, in the reader's language. The client page's file
(``portal.clients.overview``) loads whole records instead, one statement per kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    String,
    bindparam,
    cast,
    literal,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from portal.app.extensions import db
from portal.models import (
    Attendance,
    Checkpoint,
    Company,
    Consent,
    ContactNote,
    FollowUp,
    GroupSession,
    JobSearchActivity,
    NetworkPartner,
    Outcome,
    Placement,
    PriorLearning,
    Referral,
    StateTransition,
)
from portal.models.labels import label, transition_reason


@dataclass(frozen=True)
class TimelineEntry:
    when: date
    what: object
    text: str
    anchor: str


def _day(column) -> ColumnElement[date]:
    """The day of a date or a stored UTC timestamp, alike on SQLite and PostgreSQL."""
    return type_coerce(db.func.date(column), Date)


def _text(value) -> ColumnElement[str]:
    return cast(value, String) if value is not None else cast(literal(""), String)


def _branch(kind: int, rid, day, a=None, b=None, c=None, *, source, where):
    return (
        select(
            literal(kind, Integer).label("kind"),
            rid.label("rid"),
            _day(day).label("day"),
            _text(a).label("a"),
            _text(b).label("b"),
            _text(c).label("c"),
        )
        .select_from(source)
        .where(*where)
    )


def _branches(cid) -> list:
    return [
        _branch(
            0,
            StateTransition.id,
            StateTransition.at,
            StateTransition.from_state,
            StateTransition.to_state,
            StateTransition.reason,
            source=StateTransition,
            where=[StateTransition.client_id == cid],
        ),
        _branch(
            1,
            PriorLearning.id,
            PriorLearning.created_at,
            PriorLearning.what,
            source=PriorLearning,
            where=[PriorLearning.client_id == cid],
        ),
        _branch(
            2,
            Consent.id,
            Consent.given_at,
            Consent.scope,
            source=Consent,
            where=[Consent.client_id == cid],
        ),
        _branch(
            3,
            Consent.id,
            Consent.withdrawn_at,
            Consent.scope,
            source=Consent,
            where=[Consent.client_id == cid, Consent.withdrawn_at.is_not(None)],
        ),
        _branch(
            4,
            ContactNote.id,
            ContactNote.on,
            ContactNote.summary,
            source=ContactNote,
            where=[ContactNote.client_id == cid],
        ),
        _branch(
            5,
            Attendance.id,
            GroupSession.on,
            GroupSession.title,
            Attendance.status,
            source=GroupSession.__table__.join(
                Attendance.__table__, Attendance.session_id == GroupSession.id
            ),
            where=[Attendance.client_id == cid],
        ),
        _branch(
            6,
            Placement.id,
            Placement.start_date,
            Company.name,
            source=Placement.__table__.join(Company.__table__, Company.id == Placement.company_id),
            where=[Placement.client_id == cid],
        ),
        _branch(
            7,
            Placement.id,
            Placement.ended_on,
            Company.name,
            Placement.end_reason,
            source=Placement.__table__.join(Company.__table__, Company.id == Placement.company_id),
            where=[Placement.client_id == cid, Placement.ended_on.is_not(None)],
        ),
        _branch(
            8,
            Checkpoint.id,
            Checkpoint.opened_at,
            Checkpoint.difficulty,
            source=Checkpoint,
            where=[Checkpoint.client_id == cid],
        ),
        _branch(
            9,
            Checkpoint.id,
            Checkpoint.closed_at,
            Checkpoint.decision,
            source=Checkpoint,
            where=[Checkpoint.client_id == cid, Checkpoint.closed_at.is_not(None)],
        ),
        _branch(
            10,
            JobSearchActivity.id,
            JobSearchActivity.on,
            JobSearchActivity.organisation,
            JobSearchActivity.position,
            source=JobSearchActivity,
            where=[JobSearchActivity.client_id == cid],
        ),
        _branch(
            11,
            Outcome.id,
            Outcome.on,
            Outcome.kind,
            source=Outcome,
            where=[Outcome.client_id == cid],
        ),
        _branch(
            12,
            FollowUp.id,
            FollowUp.recorded_at,
            FollowUp.result,
            source=FollowUp,
            where=[FollowUp.client_id == cid, FollowUp.recorded_at.is_not(None)],
        ),
        _branch(
            13,
            Referral.id,
            Referral.on,
            NetworkPartner.name,
            Referral.reason,
            source=Referral.__table__.join(
                NetworkPartner.__table__, NetworkPartner.id == Referral.partner_id
            ),
            where=[Referral.client_id == cid],
        ),
    ]


def _phase(a: str, b: str, c: str) -> str:
    text = f"{label(a, 'state')} → {label(b, 'state')}"
    return text + (f": {transition_reason(c)}" if c else "")


#: Per kind of row: what the entry is called, how its text is written, and its section.
ENTRIES: dict[int, tuple[object, Callable[[str, str, str], str], str]] = {
    0: (_l("Phase changed"), _phase, "phase"),
    1: (_l("Prior learning"), lambda a, b, c: a, "intake"),
    2: (_l("Consent given"), lambda a, b, c: str(label(a, "consent")), "consents"),
    3: (_l("Consent withdrawn"), lambda a, b, c: str(label(a, "consent")), "consents"),
    4: (_l("Contact"), lambda a, b, c: a, "contacts"),
    5: (_l("Group session"), lambda a, b, c: f"{a}: {label(b, 'attendance')}", "groups"),
    6: (_l("Placement starts"), lambda a, b, c: a, "placements"),
    7: (_l("Placement ended"), lambda a, b, c: f"{a}: {b}", "placements"),
    8: (_l("Check Point opened"), lambda a, b, c: a, "checkpoints"),
    9: (_l("Check Point closed"), lambda a, b, c: str(label(a, "decision")), "checkpoints"),
    10: (_l("Job search"), lambda a, b, c: f"{a} {b}".strip(), "job-search"),
    11: (_l("Outcome"), lambda a, b, c: str(label(a, "outcome")), "outcome"),
    12: (_l("Follow-up"), lambda a, b, c: str(label(a, "follow_up")), "outcome"),
    13: (_l("Referral"), lambda a, b, c: f"{a}: {b}", "referrals"),
}


@cache
def _statement() -> CompoundSelect:
    """Built once, the client bound as ``client_id``: building the union and its cache key
    anew took longer than running it."""
    return union_all(*_branches(bindparam("client_id", type_=Integer)))


def load_timeline(client_id: int) -> list[TimelineEntry]:
    """Everything that happened to the client, newest first, in one statement."""
    rows = db.session.execute(_statement(), {"client_id": client_id}).all()
    rows.sort(key=lambda row: (row.kind, row.day, row.rid))
    entries = []
    for row in rows:
        what, text, anchor = ENTRIES[row.kind]
        entries.append(TimelineEntry(row.day, what, text(row.a, row.b, row.c), anchor))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
