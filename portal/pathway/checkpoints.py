"""Check Points: open, re-assess, decide, plan actions, close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.mail import send_mail
from portal.app.rules import RuleError
from portal.hooks.manager import fire
from portal.models import (
    Checkpoint,
    CheckpointAction,
    CheckpointSource,
    Client,
    Decision,
    PathwayState,
    Placement,
    User,
)
from portal.models.base import utcnow
from portal.pathway import date_rules
from portal.pathway.placements import close_placement
from portal.pathway.transitions import move_by_action

#: Where each final decision takes the client.
DECISION_TARGET = {
    Decision.CONTINUE_INTENSIFIED: PathwayState.WORKPLACE_COACHING,
    Decision.CHANGE_PLACEMENT: PathwayState.WORKPLACE_COACHING,
    Decision.REFER: PathwayState.PATHWAY,
    Decision.EXIT: PathwayState.PATHWAY,
}


def open_checkpoint(
    client: Client, actor: User, *, source: str, difficulty: str, signal: str = ""
) -> Checkpoint:
    """Open a Check Point for a client in workplace coaching (the only way out early)."""
    if client.state == PathwayState.CHECKPOINT:
        raise RuleError(_l("A Check Point is already open for this client."))
    if client.state != PathwayState.WORKPLACE_COACHING:
        raise RuleError(_l("Check Points are opened during workplace coaching."))
    if not difficulty.strip():
        raise RuleError(_l("Describe the difficulty."), field="difficulty")
    placement_id = db.session.scalar(
        select(Placement.id)
        .where(Placement.client_id == client.id, Placement.ended_on.is_(None))
        .order_by(Placement.start_date.desc())
        .limit(1)
    )
    checkpoint = Checkpoint(
        client_id=client.id,
        placement_id=placement_id,
        source=source,
        signal=signal,
        opened_by_id=actor.id,
        difficulty=difficulty.strip(),
    )
    db.session.add(checkpoint)
    move_by_action(client, PathwayState.CHECKPOINT, actor, difficulty)
    db.session.flush()
    audit.record(
        "checkpoint.open",
        actor=actor,
        client_id=client.id,
        object_type="checkpoint",
        object_id=checkpoint.id,
    )
    if source == CheckpointSource.SUPERVISOR:
        _tell_coach(client, actor)
    db.session.commit()
    fire("portal_checkpoint_opened", checkpoint=checkpoint, actor=actor)
    return checkpoint


def _tell_coach(client: Client, supervisor: User) -> None:
    coach = db.session.get(User, client.coach_id) if client.coach_id else None
    if coach is None:
        return
    with force_locale(coach.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("A workplace supervisor raised a concern")
        body = _(
            "%(supervisor)s raised a concern about %(client)s. A Check Point has been "
            "opened: see Polku.",
            supervisor=supervisor.name,
            client=client.full_name,
        )
    send_mail(coach.email, subject, body)


@dataclass
class Assessment:
    """What the coach writes at an open Check Point before deciding."""

    reassessment: str = ""
    decision: str = ""
    decision_notes: str = ""
    next_meeting: date | None = None


def record_assessment(checkpoint: Checkpoint, data: Assessment, actor: User) -> None:
    """Apply the re-assessment and decision (the caller checks the version and commits)."""
    if not checkpoint.is_open:
        raise RuleError(_l("This Check Point is closed."))
    if data.next_meeting is not None:
        _check_planned(checkpoint, data.next_meeting, "next_meeting")
    for key, value in vars(data).items():
        setattr(checkpoint, key, value)
    audit.record_row("checkpoint.update", checkpoint, object_type="checkpoint", actor=actor)


def add_action(
    checkpoint: Checkpoint, actor: User, *, description: str, owner: str, due: date
) -> CheckpointAction:
    if not checkpoint.is_open:
        raise RuleError(_l("This Check Point is closed."))
    _check_planned(checkpoint, due, "due_date")
    action = CheckpointAction(
        checkpoint_id=checkpoint.id,
        description=description.strip(),
        owner=owner.strip(),
        due_date=due,
    )
    db.session.add(action)
    audit.record(
        "checkpoint.action",
        actor=actor,
        client_id=checkpoint.client_id,
        object_type="checkpoint",
        object_id=checkpoint.id,
    )
    db.session.commit()
    return action


def _check_planned(checkpoint: Checkpoint, day: date, field: str) -> None:
    """A meeting or an action of the plan: not before the client, not years ahead."""
    client = db.session.get(Client, checkpoint.client_id)
    date_rules.planned(client, day, field, clock.today())


def complete_action(action: CheckpointAction, checkpoint: Checkpoint, actor: User) -> None:
    """Mark an action of the plan done; marking it again changes nothing."""
    if action.done_at is not None:
        return
    action.done_at = utcnow()
    audit.record_row("checkpoint.action_done", checkpoint, object_type="checkpoint", actor=actor)
    db.session.commit()


def close(checkpoint: Checkpoint, client: Client, actor: User, today: date | None = None) -> None:
    """Close with the recorded decision and move the client on accordingly."""
    today = today or clock.today()
    if not checkpoint.is_open:
        raise RuleError(_l("This Check Point is closed."))
    if checkpoint.decision not in DECISION_TARGET:
        raise RuleError(
            _l("Record a decision other than a pause before closing the Check Point."),
            field="decision",
        )
    if checkpoint.decision in (Decision.CHANGE_PLACEMENT, Decision.REFER, Decision.EXIT):
        placement = (
            db.session.get(Placement, checkpoint.placement_id)
            if (checkpoint.placement_id)
            else None
        )
        if placement is not None and placement.ended_on is None:
            close_placement(
                placement, client, min(today, placement.end_date), _("Check Point decision"), actor
            )
    checkpoint.closed_at = utcnow()
    checkpoint.closed_by_id = actor.id
    move_by_action(
        client,
        DECISION_TARGET[Decision(checkpoint.decision)],
        actor,
        checkpoint.decision_notes or checkpoint.decision,
    )
    audit.record(
        "checkpoint.close",
        actor=actor,
        client_id=client.id,
        object_type="checkpoint",
        object_id=checkpoint.id,
        purpose=checkpoint.decision,
    )
    db.session.commit()
    fire("portal_checkpoint_closed", checkpoint=checkpoint, actor=actor)
