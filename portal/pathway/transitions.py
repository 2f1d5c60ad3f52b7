"""The pathway state machine: which moves are allowed, and the record of each move.

referred -> intake -> attitude_training -> workplace_coaching <-> checkpoint -> pathway
-> follow_up -> closed. A client may leave before workplace coaching (to the further
pathway, where an outcome is recorded); a client in workplace coaching cannot be
discontinued directly: an early exit goes through a Check Point decision.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import (
    Client,
    FollowUp,
    PathwayState,
    Placement,
    StateTransition,
    User,
)

S = PathwayState

#: Moves a coach may make by hand, with the check each needs.
MANUAL_MOVES: dict[str, tuple[str, ...]] = {
    S.REFERRED: (S.INTAKE, S.PATHWAY),
    S.INTAKE: (S.ATTITUDE_TRAINING, S.PATHWAY),
    S.ATTITUDE_TRAINING: (S.WORKPLACE_COACHING, S.PATHWAY),
    S.WORKPLACE_COACHING: (S.PATHWAY,),
    S.FOLLOW_UP: (S.CLOSED,),
}

#: Moves made by an action: opening or closing a Check Point, recording an outcome.
ACTION_MOVES: dict[str, tuple[str, ...]] = {
    S.WORKPLACE_COACHING: (S.CHECKPOINT,),
    S.CHECKPOINT: (S.WORKPLACE_COACHING, S.PATHWAY),
    S.PATHWAY: (S.FOLLOW_UP,),
    S.FOLLOW_UP: (S.CLOSED,),
}

ACTIVE_STATES = (S.ATTITUDE_TRAINING, S.WORKPLACE_COACHING, S.CHECKPOINT, S.PATHWAY)


def _running_placement(client: Client, today: date) -> Placement | None:
    return db.session.scalar(
        select(Placement).where(
            Placement.client_id == client.id,
            Placement.ended_on.is_(None),
            Placement.end_date >= today,
        )
    )


def _check_manual(client: Client, target: str, today: date) -> None:
    """Raise when a hand-made move is not allowed now."""
    if target == S.CHECKPOINT:
        raise RuleError(_l("Open a Check Point to move the client there."))
    if target not in MANUAL_MOVES.get(client.state, ()):
        raise RuleError(_l("This change of phase is not possible from the current phase."))
    if client.state == S.WORKPLACE_COACHING and _running_placement(client, today):
        raise RuleError(
            _l(
                "A client in workplace coaching cannot be discontinued directly. "
                "Open a Check Point: leaving early goes through its decision."
            )
        )
    if target == S.WORKPLACE_COACHING:
        has_placement = db.session.scalar(
            select(func.count(Placement.id)).where(
                Placement.client_id == client.id, Placement.ended_on.is_(None)
            )
        )
        if not has_placement:
            raise RuleError(_l("Add the client's placement before moving to workplace coaching."))
    if target == S.CLOSED:
        open_follow_ups = db.session.scalar(
            select(func.count(FollowUp.id)).where(
                FollowUp.client_id == client.id, FollowUp.result == ""
            )
        )
        if open_follow_ups:
            raise RuleError(_l("Record the follow-ups before closing the client relationship."))


def record_move(client: Client, target: str, actor: User | None, reason: str) -> None:
    """Change the state and keep the record; the caller commits."""
    db.session.add(
        StateTransition(
            client_id=client.id,
            from_state=client.state,
            to_state=target,
            reason=reason.strip(),
            actor_id=actor.id if actor else None,
        )
    )
    audit.record(
        "client.state",
        actor=actor,
        client_id=client.id,
        object_type="client",
        object_id=client.id,
        purpose=f"{client.state} -> {target}",
    )
    client.state = target


def move_by_hand(
    client: Client, target: str, actor: User, reason: str, today: date | None = None
) -> None:
    """A coach moves the client to the next phase (or out early, before workplace coaching)."""
    today = today or clock.today()
    _check_manual(client, target, today)
    if target == S.PATHWAY and not reason.strip():
        raise RuleError(_l("Tell why the client leaves this phase."), field="reason")
    record_move(client, target, actor, reason)
    db.session.commit()


def move_by_action(client: Client, target: str, actor: User | None, reason: str) -> None:
    """A move that an action makes (the caller checked the action's own rules)."""
    if target not in ACTION_MOVES.get(client.state, ()):
        raise RuleError(_l("This change of phase is not possible from the current phase."))
    record_move(client, target, actor, reason)


def manual_targets(client: Client) -> tuple[str, ...]:
    return MANUAL_MOVES.get(client.state, ())
