"""Check Points: open, re-assess, decide, plan actions, close (the intensified-coaching plan
and its visits are in :mod:`portal.pathway.intensified`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.hooks.manager import fire
from portal.models import (
    ActionOwner,
    Checkpoint,
    CheckpointAction,
    CheckpointSource,
    Client,
    Decision,
    IntensifiedPlan,
    PathwayState,
    Placement,
    PlanReviewOutcome,
    User,
)
from portal.models.base import utcnow
from portal.notify.service import link_to, notify
from portal.pathway import date_rules, intensified
from portal.pathway.intensified import PlanData
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
        _tell_coach(client, checkpoint)
    db.session.commit()
    fire("portal_checkpoint_opened", checkpoint=checkpoint, actor=actor)
    return checkpoint


def _tell_coach(client: Client, checkpoint: Checkpoint) -> None:
    """The coach hears of a supervisor's concern in the portal (and by email, if they keep
    that kind by email)."""
    coach = db.session.get(User, client.coach_id) if client.coach_id else None
    link = link_to("pathway.checkpoint", client_id=client.id, checkpoint_id=checkpoint.id)
    notify([coach], "concern_raised", link=link, client_id=client.id)


@dataclass
class Assessment:
    """What the coach writes at an open Check Point before deciding."""

    reassessment: str = ""
    no_reassessment_reason: str = ""
    decision: str = ""
    decision_notes: str = ""
    next_meeting: date | None = None


@dataclass
class Draft:
    """The Check Point page as typed, saved with whichever button the coach pressed."""

    assessment: Assessment
    plan: PlanData = field(default_factory=PlanData)
    version: str = ""


def _must_be_open(checkpoint: Checkpoint) -> None:
    if not checkpoint.is_open:
        raise RuleError(_l("This Check Point is closed."))


def record_assessment(
    checkpoint: Checkpoint, data: Assessment, actor: User, plan: PlanData | None = None
) -> None:
    """Apply the re-assessment, decision and plan (the caller checks the version and commits)."""
    _must_be_open(checkpoint)
    if data.next_meeting is not None:
        _check_planned(checkpoint, data.next_meeting, "next_meeting")
    for key, value in vars(data).items():
        setattr(checkpoint, key, value)
    if data.decision == Decision.CONTINUE_INTENSIFIED:
        intensified.save_draft(checkpoint, plan or PlanData(), clock.today())
    else:
        intensified.drop_draft(checkpoint)
    audit.record_row("checkpoint.update", checkpoint, object_type="checkpoint", actor=actor)


def apply_draft(checkpoint: Checkpoint, draft: Draft | None, actor: User) -> None:
    """Save what was typed on the page along with another button's change (not committed)."""
    if draft is None:
        return
    if str(checkpoint.version) != draft.version.strip():
        raise RuleError(
            _l(
                "Someone else saved changes to this Check Point while you were editing. "
                "Check the current information and make your change again."
            )
        )
    record_assessment(checkpoint, draft.assessment, actor, draft.plan)


def add_action(
    checkpoint: Checkpoint,
    actor: User,
    *,
    description: str,
    owner: str,
    due: date,
    owner_kind: str = ActionOwner.COACH,
    draft: Draft | None = None,
) -> CheckpointAction:
    _must_be_open(checkpoint)
    apply_draft(checkpoint, draft, actor)
    _check_planned(checkpoint, due, "due_date")
    if due < clock.today():
        raise RuleError(_l("An action's date cannot be in the past."), field="due_date")
    action = CheckpointAction(
        checkpoint_id=checkpoint.id,
        description=description.strip(),
        owner=owner.strip(),
        owner_kind=owner_kind,
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


def complete_action(
    action: CheckpointAction, checkpoint: Checkpoint, actor: User, draft: Draft | None = None
) -> None:
    """Mark an action of the plan done; marking it again changes nothing."""
    apply_draft(checkpoint, draft, actor)
    if action.done_at is None:
        action.done_at = utcnow()
        audit.record_row(
            "checkpoint.action_done", checkpoint, object_type="checkpoint", actor=actor
        )
    db.session.commit()


def carry_over(
    action: CheckpointAction,
    checkpoint: Checkpoint,
    actor: User,
    new_date: date,
    draft: Draft | None = None,
) -> None:
    """Carry an unfinished action past the Check Point: it gets a new date, the old one kept."""
    _must_be_open(checkpoint)
    apply_draft(checkpoint, draft, actor)
    if action.done_at is not None:
        raise RuleError(_l("This action is already done."))
    if new_date <= clock.today():
        raise RuleError(_l("Carry the action over to a date after today."), field="new_date")
    action.carried_from = action.carried_from or action.due_date
    action.due_date = new_date
    audit.record_row("checkpoint.action_carried", checkpoint, object_type="checkpoint", actor=actor)
    db.session.commit()


def _is_settled(action: CheckpointAction, today: date) -> bool:
    return action.done_at is not None or (
        action.carried_from is not None and action.due_date > today
    )


def problems_before_close(checkpoint: Checkpoint, today: date) -> list[str]:
    """Everything that keeps the Check Point from closing, in words the coach acts on."""
    problems = []
    if checkpoint.decision not in DECISION_TARGET:
        problems.append(_("Record a decision other than a pause before closing the Check Point."))
    if not checkpoint.reassessment.strip() and not checkpoint.no_reassessment_reason.strip():
        problems.append(
            _("Re-assess the working-life skills, or write why they were not re-assessed.")
        )
    if not checkpoint.decision_notes.strip():
        problems.append(_("Write the review of working methods."))
    open_actions = [
        a.description
        for a in db.session.scalars(
            select(CheckpointAction).where(CheckpointAction.checkpoint_id == checkpoint.id)
        )
        if not _is_settled(a, today)
    ]
    if open_actions:
        problems.append(
            _(
                "Mark each action done or carry it over to a new date: %(actions)s.",
                actions=", ".join(open_actions),
            )
        )
    if checkpoint.decision == Decision.CONTINUE_INTENSIFIED:
        problems += intensified.problems_before_close(checkpoint, today)
    return problems


def close(
    checkpoint: Checkpoint,
    client: Client,
    actor: User,
    today: date | None = None,
    draft: Draft | None = None,
) -> None:
    """Close with the recorded decision and move the client on accordingly.

    Refused, with everything that is missing, unless the working-life skills were re-assessed
    (or why not is written), working methods reviewed, every action done or carried over, and
    an intensified-coaching decision has its plan; closing with that plan schedules the visits.
    """
    today = today or clock.today()
    _must_be_open(checkpoint)
    apply_draft(checkpoint, draft, actor)
    db.session.flush()
    problems = problems_before_close(checkpoint, today)
    if problems:
        raise RuleError(" ".join(problems))
    if checkpoint.decision == Decision.CONTINUE_INTENSIFIED:
        plan = intensified.plan_of(checkpoint)
        intensified.schedule(plan, plan.start_date, plan.weeks)
    ended = None
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
            ended = placement
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
    if ended is not None:
        reason = _("Check Point decision")
        fire("portal_placement_ended", placement=ended, actor=actor, reason=reason)


def review_plan(
    plan: IntensifiedPlan, client: Client, data: intensified.PlanReview, actor: User
) -> None:
    """Record the review at an intensified plan's end; "open a new Check Point" opens one."""
    intensified.review(plan, data, actor)
    if data.outcome == PlanReviewOutcome.NEW_CHECKPOINT:
        open_checkpoint(client, actor, source=CheckpointSource.COACH, difficulty=data.notes)
    else:
        db.session.commit()
