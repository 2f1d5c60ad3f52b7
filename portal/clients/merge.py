"""Merging two records of the same young person into one (ADR 0056).

The coach keeps one record and chooses, field by field, which of the two values it keeps.
Every row of the other record moves to the record kept, in one transaction: the core's tables
and the plugins' alike, found from the tables declared to hold a young person's data
(``portal_personal_data``) and their foreign keys to ``clients``; rows linked through those
(a placement's onboarding, a review's actions) follow their parent. The other record is not
deleted: it keeps its id, emptied of what identifies the young person, marked as merged into
the record kept, and the scoping leaves it out everywhere. The audit trail, append-only,
keeps its events under the merged id, and the record kept answers for them.

What cannot be merged without losing or contradicting something is refused before anything
is written (:func:`refusals`).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.clients import merge_consents
from portal.clients.merge_rules import OTHER, OWN_RULES, differing, moving_tables, refusals
from portal.clients.merge_sensitive import filled, sensitive_rows
from portal.models import (
    Attendance,
    Client,
    ClientSearchTerm,
    ClientSensitive,
    Group,
    GroupSession,
    User,
    group_members,
)
from portal.models.base import utcnow
from portal.pathway import date_rules
from portal.privacy.catalog import CORE_TABLES
from portal.privacy.linkage import CLIENTS
from portal.privacy.retention import anonymise_accounts
from portal.projects.services import check_coach_in_project
from portal.reports import kept
from portal.reports.cache import bump


def merge(
    keep: Client, other: Client, choices: Mapping[str, str], actor: User
) -> tuple[Client, list[str]]:
    """Merge ``other`` into ``keep``, taking the details ``choices`` names as ``OTHER``; the
    record kept and the fields taken from the other. Both records' rows are locked first and
    read again, then refused (``RuleError``) before anything is written when :func:`refusals`
    finds anything; committed. A row written meanwhile that the database refuses (a unique
    one both records now hold) is a refusal too, with everything rolled back."""
    _lock(keep, other)
    problems = refusals(keep, other, actor)
    if problems:
        raise RuleError(problems[0].text)
    try:
        taken = _write(keep, other, choices, actor)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RuleError(
            _l(
                "Something was added to one of the two records while they were being merged, "
                "and the young person can have it only once. Nothing was merged: open the "
                "page again."
            )
        ) from None
    bump()  # the rows moved without the ORM, which otherwise marks cached figures stale
    return keep, taken


def _lock(keep: Client, other: Client) -> None:
    """Both records' rows, locked in id order (two merges of the same two wait for each
    other, never deadlock) and read again: what the refusals see is what is merged. Either
    changed since it was checked against the form is a lost race (a conflict)."""
    before = (keep.version, other.version)
    db.session.execute(
        select(Client)
        .where(Client.id.in_((keep.id, other.id)))
        .order_by(Client.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    if (keep.version, other.version) != before:
        raise StaleDataError("a record changed while the merge waited for it")


def _write(keep: Client, other: Client, choices: Mapping[str, str], actor: User) -> list[str]:
    taken = [name for name in differing(keep, other) if choices.get(name) == OTHER]
    chosen = {name: getattr(other, name) for name in taken}
    if {"birth_year", "entry_date"} & chosen.keys():  # the pair the intake checks together
        date_rules.entry_date(
            chosen.get("birth_year", keep.birth_year),
            chosen.get("entry_date", keep.entry_date),
            clock.today(),
            field="entry_date" if "entry_date" in chosen else "birth_year",
        )
    if "coach_id" in chosen:
        check_coach_in_project(chosen["coach_id"], keep.project_id)
    merge_consents.settle(keep, other, actor)
    _move_rows(keep, other)
    _take_account(keep, other)
    for name, value in chosen.items():
        setattr(keep, name, value)
    if keep.esf_asked_at is None:
        keep.esf_asked_at = other.esf_asked_at
    keep.updated_at = utcnow()  # the merge changes the record kept: open forms are stale
    _retire(other, keep)
    db.session.flush()
    db.session.execute(delete(ClientSearchTerm).where(ClientSearchTerm.client_id == other.id))
    kept.refresh([keep.id, other.id])  # the rows moved without the listeners
    audit.record(
        "client.merge",
        actor=actor,
        client_id=keep.id,
        object_type="client",
        object_id=other.id,
        purpose="taken from the merged record: " + (", ".join(taken) or "none"),
    )
    audit.record(
        "client.merged_into",
        actor=actor,
        client_id=other.id,
        object_type="client",
        object_id=keep.id,
    )
    db.session.flush()
    return taken


def _move_rows(keep: Client, other: Client) -> None:
    """Every row of ``other`` to ``keep``: those with a rule of their own first."""
    _move_sensitive(keep, other)
    _move_groups(keep, other)
    for _title, table, columns in moving_tables():
        if table.name in OWN_RULES:
            continue
        for column in columns:
            db.session.execute(
                update(table)
                .where(column == other.id)
                .values({column.name: keep.id})
                .execution_options(synchronize_session=False)
            )
    # Records merged into ``other`` before now lead to ``keep``.
    db.session.execute(
        update(Client)
        .where(Client.merged_into_id == other.id)
        .values(merged_into_id=keep.id)
        .execution_options(synchronize_session=False)
    )


def _move_sensitive(keep: Client, other: Client) -> None:
    mine, theirs = sensitive_rows(keep, other)
    if theirs is None:
        return
    if mine is not None and filled(mine):
        db.session.delete(theirs)  # empty, or the same (refused otherwise)
        return
    if mine is not None:
        db.session.delete(mine)
        db.session.flush()
    db.session.execute(
        update(ClientSensitive)
        .where(ClientSensitive.client_id == other.id)
        .values(client_id=keep.id)
        .execution_options(synchronize_session=False)
    )
    db.session.expunge(theirs)


def _move_groups(keep: Client, other: Client) -> None:
    """Memberships and attendance: a group or a session both had is kept once (attendance
    the same, or refused); the groups' and sessions' versions change with them."""
    groups = list(
        db.session.scalars(
            select(group_members.c.group_id).where(group_members.c.client_id == other.id)
        )
    )
    sessions = list(
        db.session.scalars(select(Attendance.session_id).where(Attendance.client_id == other.id))
    )
    members = group_members.c
    both = select(members.group_id).where(members.client_id == keep.id)
    db.session.execute(
        delete(group_members).where(members.client_id == other.id, members.group_id.in_(both))
    )
    db.session.execute(
        update(group_members).where(members.client_id == other.id).values(client_id=keep.id)
    )
    marked = select(Attendance.session_id).where(Attendance.client_id == keep.id)
    db.session.execute(
        delete(Attendance)
        .where(Attendance.client_id == other.id, Attendance.session_id.in_(marked))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Attendance)
        .where(Attendance.client_id == other.id)
        .values(client_id=keep.id)
        .execution_options(synchronize_session=False)
    )
    for group in db.session.scalars(select(Group).where(Group.id.in_(groups))):
        group.updated_at = utcnow()  # membership is part of the group's version
    for session in db.session.scalars(select(GroupSession).where(GroupSession.id.in_(sessions))):
        flag_modified(session, "on")  # its version guards the attendance marked for it


def _take_account(keep: Client, other: Client) -> None:
    """The young person's sign-in follows them to the record kept; the column is unique, so
    it leaves the other record first. A closed one of the other record, when the record kept
    has its own, is anonymised as erasure and retention would (they find accounts only
    through a record)."""
    account, other.user_id = other.user_id, None
    db.session.flush()
    if keep.user_id is None:
        keep.user_id = account
    elif account is not None:
        anonymise_accounts(select(User.id).where(User.id == account))


def _retire(other: Client, keep: Client) -> None:
    """The other record, kept for its id: emptied as anonymisation empties it, and marked."""
    (clients,) = (t for t in CORE_TABLES if t.table == CLIENTS)
    for name in clients.free_text:
        setattr(other, name, "")
    other.last_name = f"#{other.id}"
    now = utcnow()
    other.anonymised_at = now
    other.merged_into_id = keep.id
    other.merged_at = now
