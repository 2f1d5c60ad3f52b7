"""What the reports keep per young person, rewritten with every write to what it is counted from
(docs/adr/0046, 0048).

The ORM listeners below note the young person of every client, sensitive-data, outcome,
follow-up and placement row written (and of every row of a plugin's model counted in the figures,
:func:`track`), and the members of every group whose membership may have changed; at the end of
the flush each keeper (the data-quality checks, the dashboard's figures) rewrites the rows of
the noted young people, in the same transaction. A young person about to be deleted is taken
off the keepers' counts before the flush. Writes that skip the ORM call :func:`refresh`
themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, event, func, inspect, select
from sqlalchemy.orm import Session, object_session

from portal.app.extensions import db
from portal.models import (
    Client,
    ClientSensitive,
    FollowUp,
    Group,
    Outcome,
    Placement,
    group_members,
)

NOTED = "kept_clients"
PERSONS = "kept_persons"
#: The models whose rows the keepers count from: the groups (their members noted before the
#: flush) and every model :func:`track` was called for (plugins add theirs).
TRACKED: list[type] = [Group]
#: PostgreSQL's advisory lock that writers of the kept rows take in turn (any fixed number).
TURN = 7_404_185
#: Young people rewritten per statement after a flush that noted many.
CHUNK = 1000

#: ``(ids, bind)``: client ids (a list, a SELECT of them, or None for everyone).
Writer = Callable[[Any, Any], None]
#: The young people a statement built once (:func:`built`) is run for.
IDS = bindparam("kept_ids", expanding=True)
#: Where an application keeps the keepers' statements it has built, by name and database.
BUILT = "portal.kept_statements"


def built(name: str, build: Callable[[], Any]) -> Any:
    """The statement ``name``, built by ``build`` once per application and database and run
    with parameters (:data:`IDS`, the day): building a keeper's statements took longer than
    running them for the young people of a write."""
    kept_here: dict[tuple, Any] = current_app.extensions.setdefault(BUILT, {})
    key = (name, db.engine.dialect.name)
    if key not in kept_here:
        kept_here[key] = build()
    return kept_here[key]


@dataclass(frozen=True)
class Keeper:
    """Rows kept per young person: ``refresh`` rewrites those of the ids given, ``forget``
    takes off the counts those of young people about to be deleted."""

    name: str
    refresh: Writer
    forget: Writer


KEEPERS: dict[str, Keeper] = {}


def keep(keeper: Keeper) -> None:
    KEEPERS[keeper.name] = keeper


def take_turn(bind: Any) -> None:
    """On PostgreSQL, wait for any other transaction that writes kept rows to end.

    A young person's shares move a dozen sums (their project's month, state, outcome...), and
    two transactions moving the same sums in different orders would each wait for the other's
    (a deadlock, one of them refused). Taken before the first tracked row is written, so that
    every writer takes this lock before any row lock it could be waited for on."""
    if db.engine.dialect.name == "postgresql":
        # Per schema: installations (and the test suite's processes) sharing a server do
        # not wait for each other.
        schema = func.hashtext(func.current_schema())
        bind.execute(select(func.pg_advisory_xact_lock(TURN, schema)))


def refresh(ids: Any = None, bind: Any = None) -> None:
    """Every keeper's rows of ``ids`` (all when None) rewritten through ``bind`` (the session
    by default; not committed)."""
    take_turn(bind if bind is not None else db.session)
    for keeper in KEEPERS.values():
        keeper.refresh(ids, bind)


def forget(ids: list[int], bind: Any) -> None:
    """Every keeper's counts without the young people ``ids``, for writers that delete their
    rows without the ORM (the erasure): taken off now, as a deletion through the ORM is."""
    take_turn(bind)
    for keeper in KEEPERS.values():
        keeper.forget(ids, bind)


def _note(target: Any, client_id: int | None) -> None:
    session = object_session(target)
    if session is not None and client_id is not None:
        session.info.setdefault(NOTED, set()).add(client_id)


def track(model: type, client_id: str = "client_id", columns: tuple[str, ...] = ()) -> None:
    """Count ``model``'s rows in the kept rows: each row written has the young person in its
    column ``client_id`` rewritten at the end of the flush (an update only when one of
    ``columns`` changed, when they are named). Once per model, at import."""
    if model in TRACKED:
        return

    def note(_mapper, _connection, target) -> None:
        _note(target, getattr(target, client_id))

    def note_change(_mapper, _connection, target) -> None:
        attrs = inspect(target).attrs
        if any(attrs[name].history.has_changes() for name in columns):
            _note(target, getattr(target, client_id))

    event.listen(model, "after_insert", note)
    event.listen(model, "after_update", note_change if columns else note)
    event.listen(model, "after_delete", note)
    TRACKED.append(model)


track(Client, "id")
for _model in (ClientSensitive, Outcome, FollowUp, Placement):
    track(_model)


@event.listens_for(Client, "after_insert")
@event.listens_for(Client, "after_update")
@event.listens_for(Client, "after_delete")
def _note_person(_mapper, _connection, target: Client) -> None:
    """An enrolment written changes whether the person's other enrolments "came back" (and
    the former person's, :func:`_note_former_persons`)."""
    session = object_session(target)
    if session is not None and target.person_id is not None:
        session.info.setdefault(PERSONS, set()).add(target.person_id)


def _group_members(session: Session) -> set[int]:
    """The members, now and as the flush will leave them, of the groups it writes: a member
    added through the table itself changes the group's version, so the group is written too."""
    groups = [g for g in (*session.new, *session.dirty, *session.deleted) if isinstance(g, Group)]
    found: set[int] = set()
    for group in groups:
        history = inspect(group).attrs.members.history
        found.update(c.id for c in (*history.added, *history.deleted) if c.id is not None)
    ids = [g.id for g in groups if g.id is not None]
    if ids:
        members = select(group_members.c.client_id).where(group_members.c.group_id.in_(ids))
        found.update(session.connection().scalars(members))
    return found


def _note_former_persons(session: Session) -> None:
    """The persons enrolments are about to move away from (read before the update: their
    old value is not loaded when the attribute was set on an expired object)."""
    moved = [
        c.id
        for c in session.dirty
        if isinstance(c, Client) and c.id and inspect(c).attrs.person_id.history.has_changes()
    ]
    if moved:
        former = select(Client.person_id).where(Client.id.in_(moved))
        session.info.setdefault(PERSONS, set()).update(session.connection().scalars(former))


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    """The writer's turn taken; group members noted; young people about to be deleted leave
    the counts now (on PostgreSQL their rows go with them, the foreign key cascades, before
    the flush's end)."""
    tracked = tuple(TRACKED)
    if any(isinstance(o, tracked) for o in (*session.new, *session.dirty, *session.deleted)):
        take_turn(session.connection())
    members = _group_members(session)
    if members:
        session.info.setdefault(NOTED, set()).update(members)
    _note_former_persons(session)
    gone = sorted(obj.id for obj in session.deleted if isinstance(obj, Client) and obj.id)
    if gone:
        connection = session.connection()
        for keeper in KEEPERS.values():
            keeper.forget(gone, connection)


@event.listens_for(Session, "after_flush")
def _rewrite_noted(session: Session, _context) -> None:
    noted = set(session.info.pop(NOTED, ()))
    persons = sorted(session.info.pop(PERSONS, ()))
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        enrolments = select(Client.id).where(Client.person_id.in_(chunk))
        noted.update(session.connection().scalars(enrolments))
    ids = sorted(noted)
    # Through the connection: executing on the session in a flush would flush again.
    for start in range(0, len(ids), CHUNK):
        refresh(ids[start : start + CHUNK], bind=session.connection())
