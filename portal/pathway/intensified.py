"""Intensified coaching as a concrete plan: coach visits to the workplace, scheduled when the
Check Point closes, recorded as done or missed, and a review when the plan ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import (
    FOCUS_SKILLS,
    Checkpoint,
    CoachVisit,
    IntensifiedPlan,
    PlanReviewOutcome,
    User,
    VisitStatus,
)
from portal.models.base import utcnow

#: How far ahead a plan may start: it answers a difficulty that is happening now.
LATEST_START_DAYS = 28


@dataclass
class PlanData:
    """The plan as the coach writes it at the Check Point (empty fields are None or "")."""

    visits_per_week: int | None = None
    weeks: int | None = None
    check_ins_per_week: int | None = None
    focus_skill: str = ""
    start_date: date | None = None

    @property
    def empty(self) -> bool:
        return all(value in (None, "") for value in vars(self).values())


def end_of(start: date, weeks: int) -> date:
    """The last day of a plan of ``weeks`` weeks from ``start``."""
    return start + timedelta(weeks=weeks) - timedelta(days=1)


def check_plan(data: PlanData, today: date) -> None:
    """Refuse a plan with a missing or impossible part, naming the field."""
    if data.visits_per_week is None or not 1 <= data.visits_per_week <= 5:
        raise RuleError(_l("Plan 1 to 5 coach visits a week."), field="visits_per_week")
    if data.weeks is None or not 1 <= data.weeks <= 12:
        raise RuleError(_l("Plan intensified coaching for 1 to 12 weeks."), field="plan_weeks")
    if data.check_ins_per_week is None or not 0 <= data.check_ins_per_week <= 5:
        raise RuleError(_l("Plan 0 to 5 extra check-ins a week."), field="check_ins_per_week")
    if data.focus_skill not in FOCUS_SKILLS:
        raise RuleError(_l("Choose the working-life skill to focus on."), field="focus_skill")
    if data.start_date is None:
        raise RuleError(_l("Give the date the plan starts."), field="plan_start")
    if not today <= data.start_date <= today + timedelta(days=LATEST_START_DAYS):
        raise RuleError(
            _l("The plan starts today or within four weeks from today."), field="plan_start"
        )


def plan_of(checkpoint: Checkpoint) -> IntensifiedPlan | None:
    return db.session.scalar(
        select(IntensifiedPlan).where(IntensifiedPlan.checkpoint_id == checkpoint.id)
    )


def save_draft(checkpoint: Checkpoint, data: PlanData, today: date) -> None:
    """Keep the plan written so far at an open Check Point (the caller commits)."""
    plan = plan_of(checkpoint)
    if data.empty:
        if plan is not None:
            db.session.delete(plan)
        return
    check_plan(data, today)
    if plan is None:
        plan = IntensifiedPlan(checkpoint_id=checkpoint.id, client_id=checkpoint.client_id)
        db.session.add(plan)
    plan.visits_per_week = data.visits_per_week
    plan.weeks = data.weeks
    plan.check_ins_per_week = data.check_ins_per_week
    plan.focus_skill = data.focus_skill
    plan.start_date = data.start_date
    plan.end_date = end_of(data.start_date, data.weeks)


def drop_draft(checkpoint: Checkpoint) -> None:
    """A decision other than intensified coaching needs no plan."""
    plan = plan_of(checkpoint)
    if plan is not None:
        db.session.delete(plan)


def problems_before_close(checkpoint: Checkpoint, today: date) -> list[str]:
    """What an intensified-coaching decision still lacks; empty when it may close."""
    plan = plan_of(checkpoint)
    if plan is None:
        return [
            str(
                _l(
                    "Continuing with intensified coaching needs a plan: coach visits a week, "
                    "for how many weeks, extra check-ins, the skill to focus on and the start."
                )
            )
        ]
    if plan.start_date < today:
        return [str(_l("The plan starts before today: give a new start date."))]
    return []


def visit_days(start: date, weeks: int, per_week: int) -> list[date]:
    """The visit dates: ``per_week`` working days spread over each week from ``start``."""
    days = []
    for week in range(weeks):
        week_days = [start + timedelta(weeks=week, days=n) for n in range(7)]
        working = [d for d in week_days if d.weekday() < 5]
        days += [working[v * len(working) // per_week] for v in range(per_week)]
    return days


def schedule(plan: IntensifiedPlan, start: date, weeks: int) -> None:
    """One planned visit a row for ``weeks`` weeks from ``start`` (the caller commits)."""
    db.session.add_all(
        CoachVisit(plan_id=plan.id, client_id=plan.client_id, due_date=day)
        for day in visit_days(start, weeks, plan.visits_per_week)
    )
    plan.scheduled_at = plan.scheduled_at or utcnow()


def _planned(visit: CoachVisit) -> None:
    if visit.status != VisitStatus.PLANNED:
        raise RuleError(_l("This visit has already been recorded."))


def record_visit(visit: CoachVisit, actor: User, *, on: date, note: str) -> None:
    """The coach visited the workplace on ``on`` (a contact with the young person)."""
    _planned(visit)
    plan = db.session.get(IntensifiedPlan, visit.plan_id)
    if on > clock.today():
        raise RuleError(_l("A visit cannot be recorded before it has happened."), field="on")
    if plan is not None and on < plan.start_date:
        raise RuleError(_l("The visit cannot be before the plan started."), field="on")
    visit.status, visit.visited_on, visit.note = VisitStatus.DONE, on, note.strip()
    _recorded(visit, actor, "visit.done")


def record_missed(visit: CoachVisit, actor: User, *, reason: str) -> None:
    """The planned visit did not happen; why is written down."""
    _planned(visit)
    if not reason.strip():
        raise RuleError(_l("Write why the visit did not happen."), field="reason")
    visit.status, visit.missed_reason = VisitStatus.MISSED, reason.strip()
    _recorded(visit, actor, "visit.missed")


def _recorded(visit: CoachVisit, actor: User, action: str) -> None:
    visit.recorded_by_id, visit.recorded_at = actor.id, utcnow()
    audit.record_row(action, visit, object_type="coach_visit", actor=actor)
    db.session.commit()


@dataclass
class PlanReview:
    outcome: str = ""
    notes: str = ""
    weeks: int | None = None


def review(plan: IntensifiedPlan, data: PlanReview, actor: User) -> None:
    """Record the review at the plan's end; continuing adds weeks of visits (the caller opens
    a new Check Point when that is the outcome, and commits)."""
    if not plan.review_pending:
        raise RuleError(_l("This plan has no review due."))
    if data.outcome not in set(PlanReviewOutcome):
        raise RuleError(_l("Choose how intensified coaching goes on."), field="outcome")
    if not data.notes.strip():
        raise RuleError(_l("Write a short review of the plan."), field="notes")
    reviewed_end = plan.end_date
    if data.outcome == PlanReviewOutcome.CONTINUE:
        if data.weeks is None or not 1 <= data.weeks <= 12:
            raise RuleError(_l("Continue for 1 to 12 more weeks."), field="weeks")
        start = max(plan.end_date, clock.today() - timedelta(days=1)) + timedelta(days=1)
        schedule(plan, start, data.weeks)
        plan.end_date = end_of(start, data.weeks)
        plan.weeks += data.weeks
    else:
        _cancel_future_visits(plan)
    plan.review_outcome, plan.review_notes = data.outcome, data.notes.strip()
    plan.reviewed_at, plan.reviewed_by_id = utcnow(), actor.id
    plan.reviewed_through = reviewed_end
    audit.record_row("plan.review", plan, object_type="intensified_plan", actor=actor)


def _cancel_future_visits(plan: IntensifiedPlan) -> None:
    db.session.execute(
        update(CoachVisit)
        .where(
            CoachVisit.plan_id == plan.id,
            CoachVisit.status == VisitStatus.PLANNED,
            CoachVisit.due_date > clock.today(),
        )
        .values(status=VisitStatus.CANCELLED)
    )
