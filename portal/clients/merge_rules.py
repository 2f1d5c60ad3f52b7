"""What keeps two records of a young person from being merged, checked before anything is
written (ADR 0056), and what the merge page shows of them: the details that differ and the rows
that would move.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Column,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    and_,
    distinct,
    func,
    select,
)
from sqlalchemy.orm import aliased

from portal.app import clock
from portal.app.extensions import db
from portal.clients.merge_sensitive import differing_text, sees_sensitive
from portal.models import (
    Attendance,
    Checkpoint,
    Client,
    Company,
    FollowUp,
    GroupSession,
    Outcome,
    PathwayState,
    Placement,
    User,
)
from portal.privacy.catalog import APPEND_ONLY, personal_tables
from portal.privacy.linkage import CLIENTS

KEEP, OTHER = "keep", "other"

#: The details chosen field by field, in the order the page shows them.
CHOSEN = (
    "first_name",
    "last_name",
    "birth_year",
    "email",
    "phone",
    "municipality",
    "referral_source",
    "entry_date",
    "coach_id",
    "highest_education",
    "has_vocational_qualification",
    "goal",
    "preferred_fields",
    "work_history",
    "employment_status",
    "gender",
    "isced_level",
    "rural_area",
)
#: Rows that follow from others and are written again for the record kept: the kept
#: data-quality checks and figures (ADR 0046, 0048) and the search words (ADR 0019).
DERIVED = frozenset({"client_checks", "figure_rows", "client_search_terms"})
#: Tables with a rule of their own (``portal.clients.merge``); the rest move as they are.
OWN_RULES = frozenset(
    {CLIENTS, "client_sensitive", "group_members", "attendance", *DERIVED, *APPEND_ONLY}
)
#: How far along the path each phase is: the record merged away may not be further along.
ALONG = {
    PathwayState.REFERRED: 0,
    PathwayState.INTAKE: 1,
    PathwayState.ATTITUDE_TRAINING: 2,
    PathwayState.WORKPLACE_COACHING: 3,
    PathwayState.CHECKPOINT: 3,
    PathwayState.PATHWAY: 4,
    PathwayState.FOLLOW_UP: 5,
    PathwayState.CLOSED: 6,
}


@dataclass(frozen=True)
class Refusal:
    """Why the two cannot be merged this way; ``swap`` when keeping the other record instead
    would do."""

    text: Any
    swap: bool = False


def differing(keep: Client, other: Client) -> list[str]:
    """The chosen details in which the two records differ, in :data:`CHOSEN` order."""
    return [name for name in CHOSEN if getattr(keep, name) != getattr(other, name)]


def client_columns(table: Table) -> list[Column]:
    """The columns of ``table`` that hold a young person's record id (its foreign keys)."""
    return [fk.parent for fk in table.foreign_keys if fk.column.table.name == CLIENTS]


def moving_tables() -> list[tuple[Any, Table, list[Column]]]:
    """The declared tables whose rows hold a record id directly, with their titles: each
    moves by its own rule or as it is."""
    found = []
    for declared in personal_tables():
        table = db.metadata.tables[declared.table]
        columns = client_columns(table)
        if columns and declared.table not in (CLIENTS, *APPEND_ONLY, *DERIVED):
            found.append((declared.title, table, columns))
    return found


def rows_moving(other: Client, shown_sensitive: bool) -> list[tuple[Any, int]]:
    """What of ``other`` moves, by table title and number of rows, in one statement; the
    support needs and language only when ``shown_sensitive``."""
    tables = [t for t in moving_tables() if shown_sensitive or t[1].name != "client_sensitive"]
    if not tables:
        return []
    counts = [
        select(func.count())
        .select_from(table)
        .where(columns[0] == other.id)
        .scalar_subquery()
        .label(f"t{i}")
        for i, (_title, table, columns) in enumerate(tables)
    ]
    row = db.session.execute(select(*counts)).one()
    return [(title, n) for (title, _t, _c), n in zip(tables, row, strict=True) if n]


def refusals(keep: Client, other: Client, viewer: User | None = None) -> list[Refusal]:
    """Why ``other`` cannot be merged into ``keep``, as ``viewer`` may be told; empty when it
    can."""
    name = other.full_name
    if keep.merged_into_id is not None or other.merged_into_id is not None:
        return [Refusal(_l("One of the two records was merged just now. Open the page again."))]
    if keep.person_id == other.person_id:
        return [Refusal(_l("These are two enrolments of the same young person, linked already."))]
    if keep.project_id != other.project_id:
        return [
            Refusal(
                _l(
                    "The two are enrolled in different projects. A young person's records in "
                    "two projects are their enrolments there, not duplicates."
                )
            )
        ]
    found: list[Refusal] = []
    if _enrolled_elsewhere(other):
        found.append(
            Refusal(
                _l(
                    "%(name)s is enrolled in other projects too: keep %(name)s and merge the "
                    "other record into it.",
                    name=name,
                ),
                swap=not _enrolled_elsewhere(keep),
            )
        )
    found += _account_refusals(keep, other)
    if ALONG.get(other.state, 0) > ALONG.get(keep.state, 0):
        found.append(
            Refusal(
                _l(
                    "%(name)s is further along the path: keep %(name)s and merge the other "
                    "record into it.",
                    name=name,
                ),
                swap=True,
            )
        )
    found += _ended_refusals(keep, other)
    found += _pathway_refusals(keep, other)
    differ = differing_text(keep, other, sees_sensitive(viewer, keep, other))
    found += [Refusal(differ)] if differ is not None else []
    found += _attendance_refusals(keep, other)
    found += [Refusal(text) for text in _collisions(keep.id, other.id)]
    return found


def _enrolled_elsewhere(client: Client) -> bool:
    """The record's person has other enrolments (ADR 0029): they stay linked to it."""
    others = select(Client.id).where(Client.person_id == client.person_id, Client.id != client.id)
    return db.session.scalar(others.limit(1)) is not None


def _account_refusals(keep: Client, other: Client) -> list[Refusal]:
    if keep.user_id is None or other.user_id is None:
        return []
    active = db.session.scalar(select(User.active).where(User.id == other.user_id))
    if not active:
        return []  # a closed sign-in is let go of
    return [
        Refusal(
            _l(
                "Both records have a sign-in of their own, and a young person can have only "
                "one. Ask the admin to close the sign-in of %(name)s first.",
                name=other.full_name,
            )
        )
    ]


def _ended_refusals(keep: Client, other: Client) -> list[Refusal]:
    """A young person still taking part is not merged into a record that has ended."""
    ended = keep.state == PathwayState.CLOSED or _has(Outcome, keep)
    if not ended:
        return []
    today = clock.today()
    running = select(Placement.id).where(
        Placement.client_id == other.id, Placement.ended_on.is_(None), Placement.end_date >= today
    )
    open_follow_ups = select(FollowUp.id).where(
        FollowUp.client_id == other.id, FollowUp.recorded_at.is_(None)
    )
    active = (
        other.state != PathwayState.CLOSED
        or db.session.scalar(running.limit(1)) is not None
        or db.session.scalar(open_follow_ups.limit(1)) is not None
    )
    if not active:
        return []
    return [
        Refusal(
            _l(
                "The record kept has ended, but %(name)s is still taking part. Keep %(name)s "
                "instead, or, if the young person has come back, enrol them again.",
                name=other.full_name,
            ),
            swap=True,
        )
    ]


def _has(model: Any, client: Client) -> bool:
    return (
        db.session.scalar(select(model.id).where(model.client_id == client.id).limit(1)) is not None
    )


def _pathway_refusals(keep: Client, other: Client) -> list[Refusal]:
    """An open Check Point of the record merged away, and placements at the same time."""
    found = []
    open_points = select(Checkpoint.id).where(
        Checkpoint.client_id == other.id, Checkpoint.closed_at.is_(None)
    )
    if db.session.scalar(open_points.limit(1)) is not None:
        found.append(
            Refusal(
                _l(
                    "%(name)s has an open Check Point: close it first, or keep %(name)s and "
                    "merge the other record into it.",
                    name=other.full_name,
                ),
                swap=True,
            )
        )
    today = clock.today()
    mine, theirs = aliased(Placement), aliased(Placement)
    at_mine, at_theirs = aliased(Company), aliased(Company)
    same_time = db.session.execute(
        select(at_mine.name, mine.start_date, at_theirs.name, theirs.start_date)
        .join(at_mine, at_mine.id == mine.company_id)
        .join(
            theirs,
            and_(
                theirs.client_id == other.id,
                theirs.ended_on.is_(None),
                theirs.end_date >= today,
                theirs.start_date <= mine.end_date,
                mine.start_date <= theirs.end_date,
            ),
        )
        .join(at_theirs, at_theirs.id == theirs.company_id)
        .where(mine.client_id == keep.id, mine.ended_on.is_(None), mine.end_date >= today)
        .limit(1)
    ).first()
    if same_time is not None:
        found.append(
            Refusal(
                _l(
                    "Both have a placement at the same time: at %(first)s from %(first_start)s "
                    "and at %(second)s from %(second_start)s. End or move one of them first.",
                    first=same_time[0],
                    first_start=format_date(same_time[1]),
                    second=same_time[2],
                    second_start=format_date(same_time[3]),
                )
            )
        )
    return found


def _attendance_refusals(keep: Client, other: Client) -> list[Refusal]:
    mine, theirs = aliased(Attendance), aliased(Attendance)
    day = db.session.scalar(
        select(GroupSession.on)
        .join(mine, mine.session_id == GroupSession.id)
        .join(theirs, theirs.session_id == GroupSession.id)
        .where(mine.client_id == keep.id, theirs.client_id == other.id)
        .where(mine.status != theirs.status)
        .limit(1)
    )
    if day is None:
        return []
    return [
        Refusal(
            _l(
                "Their attendance differs for the group session of %(day)s. Mark it the same "
                "on both records, then merge.",
                day=format_date(day),
            )
        )
    ]


def _unique_sets(table: Table) -> list[tuple[list[Column], Any]]:
    """The column sets ``table`` holds once each (with a partial index's condition)."""
    found: list[tuple[list[Column], Any]] = [
        (list(c.columns), None)
        for c in table.constraints
        if isinstance(c, UniqueConstraint | PrimaryKeyConstraint)
    ]
    for index in table.indexes:
        if index.unique:
            where = index.dialect_options["sqlite"].get("where")
            if where is None:
                where = index.dialect_options["postgresql"].get("where")
            found.append((list(index.columns), where))
    return found


def _both_hold(
    table: Table, column: Column, unique: list[Column], where: Any, ids: tuple[int, int]
) -> bool:
    """Whether both records hold a row with the same values of ``unique`` (less their own
    column) that ``where`` (a partial index's condition) covers."""
    rest = [c for c in unique if c is not column]
    both = func.count(distinct(column)) > 1
    query = select(*rest).group_by(*rest).having(both) if rest else select(both.label("both"))
    query = query.select_from(table).where(column.in_(ids))
    if where is not None:
        query = query.where(where)
    row = db.session.execute(query.limit(1)).first()
    return row is not None and (bool(rest) or bool(row[0]))


def _collisions(keep_id: int, other_id: int) -> list[Any]:
    """The declared tables (a plugin's too) where both records hold a row that a young person
    can have only one of: a unique constraint or index over the record's column."""
    found = []
    for title, table, columns in moving_tables():
        if table.name in OWN_RULES:
            continue
        for column in columns:
            for unique, where in _unique_sets(table):
                if not any(c is column for c in unique):
                    continue
                if _both_hold(table, column, unique, where, (keep_id, other_id)):
                    found.append(
                        _l(
                            "Both records have “%(what)s”, which a young person can have only "
                            "one of. Remove or change the other one first, then merge.",
                            what=title,
                        )
                    )
    return found
