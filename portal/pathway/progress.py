"""Phases that follow the work: the moves that happen because something started or ended.

A client in referral or intake who joins a group whose Attitude Training has started (or
whose group starts later) moves to Attitude Training; a client whose placement starts moves
to workplace coaching. Joining and adding a placement move the client at once; the daily
``flask advance-phases`` moves those whose group or placement started since. Each move is a
:class:`StateTransition` with who made it (nobody, for the daily run) and why.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.app.extensions import db
from portal.models import Client, Group, PathwayState, Placement, User, group_members
from portal.pathway.transitions import GROUP_STARTED, PLACEMENT_STARTED, record_move

S = PathwayState

#: The phases a started group moves a client on from.
BEFORE_GROUP = (S.REFERRED, S.INTAKE)
#: The phases a started placement moves a client on from.
BEFORE_PLACEMENT = (S.REFERRED, S.INTAKE, S.ATTITUDE_TRAINING)


def group_joined(client: Client, group: Group, actor: User | None, today: date) -> None:
    """Move a new member to Attitude Training when the group has started (caller commits)."""
    if group.start_date <= today and client.state in BEFORE_GROUP:
        record_move(client, S.ATTITUDE_TRAINING, actor, GROUP_STARTED)


def placement_added(client: Client, placement: Placement, actor: User | None, today: date) -> None:
    """Move the client to workplace coaching when the placement has started (caller commits)."""
    started = placement.start_date <= today and placement.ended_on is None
    if started and placement.end_date >= today and client.state in BEFORE_PLACEMENT:
        record_move(client, S.WORKPLACE_COACHING, actor, PLACEMENT_STARTED)


def advance_phases(today: date) -> int:
    """Move every client whose group or placement has started; returns the moves made."""
    in_started_group = (
        select(group_members.c.client_id)
        .join(Group, Group.id == group_members.c.group_id)
        .where(Group.start_date <= today)
    )
    moved = 0
    for client in db.session.scalars(
        select(Client).where(Client.state.in_(BEFORE_GROUP), Client.id.in_(in_started_group))
    ).all():
        record_move(client, S.ATTITUDE_TRAINING, None, GROUP_STARTED)
        moved += 1
    running = select(Placement.client_id).where(
        Placement.start_date <= today,
        Placement.end_date >= today,
        Placement.ended_on.is_(None),
    )
    for client in db.session.scalars(
        select(Client).where(Client.state.in_(BEFORE_PLACEMENT), Client.id.in_(running))
    ).all():
        record_move(client, S.WORKPLACE_COACHING, None, PLACEMENT_STARTED)
        moved += 1
    db.session.commit()
    return moved
