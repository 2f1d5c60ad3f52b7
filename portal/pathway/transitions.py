"""The pathway state machine: which moves are allowed, and the record of each move.

referred -> intake -> attitude_training -> workplace_coaching <-> checkpoint -> pathway
-> follow_up -> closed. A client may leave before workplace coaching (to the further
pathway, where an outcome is recorded). Nobody moves a client out of workplace coaching by
hand: the work moves them on (a placement that ends as planned, or early because the young
person was hired or got a study place), and every other exit goes through a Check Point.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.access import audit
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

#: Moves a coach may make by hand; each is still checked against the client's record.
MANUAL_MOVES: dict[str, tuple[str, ...]] = {
    S.REFERRED: (S.INTAKE, S.PATHWAY),
    S.INTAKE: (S.ATTITUDE_TRAINING, S.PATHWAY),
    S.ATTITUDE_TRAINING: (S.WORKPLACE_COACHING, S.PATHWAY),
    S.FOLLOW_UP: (S.CLOSED,),
}

#: Moves made by an action: the work starting or ending, a Check Point, an outcome.
ACTION_MOVES: dict[str, tuple[str, ...]] = {
    S.REFERRED: (S.ATTITUDE_TRAINING, S.WORKPLACE_COACHING),
    S.INTAKE: (S.ATTITUDE_TRAINING, S.WORKPLACE_COACHING),
    S.ATTITUDE_TRAINING: (S.WORKPLACE_COACHING,),
    S.WORKPLACE_COACHING: (S.CHECKPOINT, S.PATHWAY),
    S.CHECKPOINT: (S.WORKPLACE_COACHING, S.PATHWAY),
    S.PATHWAY: (S.FOLLOW_UP,),
    S.FOLLOW_UP: (S.CLOSED,),
}

ACTIVE_STATES = (S.ATTITUDE_TRAINING, S.WORKPLACE_COACHING, S.CHECKPOINT, S.PATHWAY)

#: Why an automatic move happened, stored as the transition's reason and shown in words
#: (``portal.models.labels.TRANSITION_REASON_LABELS``).
GROUP_STARTED = "group_started"
PLACEMENT_STARTED = "placement_started"
PLACEMENT_COMPLETED = "placement_completed"
FOLLOW_UPS_RECORDED = "follow_ups_recorded"

#: The hand moves that leave a phase early: the coach tells why.
NEEDS_REASON = frozenset({S.PATHWAY})


class CheckpointRequired(RuleError):
    """Leaving workplace coaching early: refused, the way out is a Check Point."""

    def __init__(self, message: object = None, field: str | None = None) -> None:
        super().__init__(
            message
            or _l(
                "A client in workplace coaching cannot be discontinued directly. "
                "Open a Check Point: leaving early goes through its decision."
            ),
            field=field,
        )


@dataclass(frozen=True)
class Move:
    """A phase the coach may move the client to now, and whether the move needs a reason."""

    target: str
    needs_reason: bool


def _count(query) -> int:
    return db.session.scalar(query) or 0


def _refusal(client: Client, target: str) -> RuleError | None:
    """Why a hand move to ``target`` is not possible now (None when it is)."""
    if client.state in (S.WORKPLACE_COACHING, S.CHECKPOINT):
        return CheckpointRequired()
    if target == S.CHECKPOINT:
        return RuleError(_l("Open a Check Point to move the client there."))
    if target not in MANUAL_MOVES.get(client.state, ()):
        return RuleError(_l("This change of phase is not possible from the current phase."))
    if target == S.WORKPLACE_COACHING and not _count(
        select(func.count(Placement.id)).where(
            Placement.client_id == client.id, Placement.ended_on.is_(None)
        )
    ):
        return RuleError(_l("Add the client's placement before moving to workplace coaching."))
    if target == S.CLOSED and _count(
        select(func.count(FollowUp.id)).where(
            FollowUp.client_id == client.id, FollowUp.result == ""
        )
    ):
        return RuleError(_l("Record the follow-ups before closing the client relationship."))
    return None


def allowed_moves(client: Client) -> list[Move]:
    """The hand moves the rules allow now: the page offers these, the POST checks them."""
    return [
        Move(target, target in NEEDS_REASON)
        for target in MANUAL_MOVES.get(client.state, ())
        if _refusal(client, target) is None
    ]


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


def move_by_hand(client: Client, target: str, actor: User, reason: str) -> None:
    """A coach moves the client to the next phase (or out early, before workplace coaching)."""
    move = next((m for m in allowed_moves(client) if m.target == target), None)
    if move is None:
        raise _refusal(client, target) or RuleError(
            _l("This change of phase is not possible from the current phase.")
        )
    if move.needs_reason and not reason.strip():
        raise RuleError(_l("Tell why the client leaves this phase."), field="reason")
    record_move(client, target, actor, reason)
    db.session.commit()


def move_by_action(client: Client, target: str, actor: User | None, reason: str) -> None:
    """A move that an action makes (the caller checked the action's own rules)."""
    if target not in ACTION_MOVES.get(client.state, ()):
        raise RuleError(_l("This change of phase is not possible from the current phase."))
    record_move(client, target, actor, reason)
