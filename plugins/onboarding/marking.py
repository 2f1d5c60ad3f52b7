"""Marking a placement's onboarding steps done, with a photo or PDF of the step when one is
sent; who may mark which step."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from plugins.onboarding.i18n import _l
from plugins.onboarding.models import OnboardingProgress, OnboardingStepMark, OnboardingVersion
from plugins.onboarding.photos import MARK
from portal.api import Placement, Role, RuleError, User, attach, audit, clock, db


def may_mark(actor: User, step: dict) -> bool:
    """The trainee confirms only their own steps; a step the supervisor or the coach is
    responsible for needs one of them (each mark records who made it)."""
    return actor.role != Role.CLIENT or step.get("responsible") == "trainee"


def mark_done(
    progress: OnboardingProgress,
    step_key: str,
    done_on: date,
    comment: str,
    actor: User,
    today: date | None = None,
    photo: bytes | None = None,
) -> None:
    """Mark the step done, with its photo (or PDF) when one was sent: both or neither."""
    today = today or clock.today()
    placement = db.session.get(Placement, progress.placement_id)
    if placement.ended_on is not None or placement.end_date < today:
        raise RuleError(_l("The placement has ended: steps can no longer be marked."))
    version = db.session.get(OnboardingVersion, progress.version_id)
    step = next((s for s in version.content.get("steps", []) if s["key"] == step_key), None)
    if step is None:
        raise RuleError(_l("This step is not in the model."))
    if not may_mark(actor, step):
        raise RuleError(_l("The supervisor or the coach confirms this step."))
    if done_on > today or done_on < placement.start_date:
        raise RuleError(
            _l("The date must be within the placement and not in the future."), field="done_on"
        )
    if db.session.scalar(
        select(OnboardingStepMark.id).where(
            OnboardingStepMark.progress_id == progress.id, OnboardingStepMark.step_key == step_key
        )
    ):
        raise RuleError(_l("This step has already been marked done."))
    mark = OnboardingStepMark(
        progress_id=progress.id,
        step_key=step_key,
        done_on=done_on,
        comment=comment.strip(),
        marked_by_id=actor.id,
    )
    db.session.add(mark)
    if photo is not None:
        db.session.flush()  # the mark's id, which the photo is attached to
        attach(
            photo,
            kind=MARK,
            target_id=mark.id,
            client_id=placement.client_id,
            actor=actor,
            commit=False,
        )
    audit.record(
        "onboarding.step_done",
        actor=actor,
        client_id=placement.client_id,
        object_type="placement",
        object_id=placement.id,
        purpose=step_key,
    )
    try:
        db.session.commit()
    except IntegrityError:  # a double click, or two people at once
        db.session.rollback()
        raise RuleError(_l("This step has already been marked done.")) from None


def add_photo(progress: OnboardingProgress, step_key: str, photo: bytes, actor: User) -> None:
    """Add a photo to a step already marked done, while the placement runs (commits)."""
    placement = db.session.get(Placement, progress.placement_id)
    if placement.ended_on is not None or placement.end_date < clock.today():
        raise RuleError(_l("The placement has ended: steps can no longer be marked."))
    version = db.session.get(OnboardingVersion, progress.version_id)
    step = next((s for s in version.content.get("steps", []) if s["key"] == step_key), None)
    mark = db.session.scalar(
        select(OnboardingStepMark).where(
            OnboardingStepMark.progress_id == progress.id, OnboardingStepMark.step_key == step_key
        )
    )
    if step is None or mark is None:
        raise RuleError(_l("Mark the step done first."))
    if not may_mark(actor, step):
        raise RuleError(_l("The supervisor or the coach confirms this step."))
    attach(photo, kind=MARK, target_id=mark.id, client_id=placement.client_id, actor=actor)
