"""Putting mistakes right without losing what happened: a planned demonstration is cancelled
with a reason, evidence linked by mistake is unlinked, a decision is reopened with a reason.

Each correction is a line in the unit's history; the school record leaves out what was
cancelled or unlinked.
"""

from __future__ import annotations

from sqlalchemy import func, select

from plugins.recognition.i18n import _
from plugins.recognition.models import (
    DECIDED,
    RecognitionDemonstration,
    RecognitionEvidence,
    RecognitionPlan,
    RecognitionPlanUnit,
    UnitStatus,
)
from plugins.recognition.services import add_event, open_demonstrations
from portal.api import RuleError, User, audit, clock, db, send_mail


def _evidence_count(unit: RecognitionPlanUnit) -> int:
    return (
        db.session.scalar(select(func.count()).where(RecognitionEvidence.plan_unit_id == unit.id))
        or 0
    )


def status_before_decision(unit: RecognitionPlanUnit) -> str:
    """Where an undecided unit stands from what it has: a demonstration, evidence, or neither."""
    if open_demonstrations(unit):
        return UnitStatus.DEMONSTRATION
    if _evidence_count(unit):
        return UnitStatus.EVIDENCE
    return UnitStatus.IDENTIFIED


def cancel_demonstration(demo: RecognitionDemonstration, reason: str, actor: User) -> None:
    """Cancel a demonstration planned by mistake; the working-life assessor is told."""
    reason = reason.strip()
    if not reason:
        raise RuleError(_("Say why the demonstration is cancelled."), "reason")
    unit = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; reopen the decision first."))
    if demo.cancelled_on is not None:
        raise RuleError(_("The demonstration has been cancelled already."))
    if demo.grade:
        raise RuleError(_("An assessed demonstration cannot be cancelled."))
    demo.cancelled_on = clock.today()
    demo.cancel_reason = reason[:2000]
    db.session.flush()
    old = unit.status
    if unit.status == UnitStatus.DEMONSTRATION:
        unit.status = status_before_decision(unit)
    add_event(
        unit,
        actor,
        "demonstration_cancelled",
        f"{demo.start_date:%d.%m.%Y}: {reason}",
        old,
    )
    assessor = db.session.get(User, demo.employer_assessor_id)
    send_mail(
        assessor.email,
        _("A competence demonstration was cancelled"),
        _(
            "The competence demonstration planned to start on %(start)s has been cancelled. "
            "Reason: %(reason)s",
            start=demo.start_date.strftime("%d.%m.%Y"),
            reason=reason,
        ),
    )
    db.session.commit()


def unlink_evidence(unit: RecognitionPlanUnit, evidence_id: int, actor: User) -> None:
    """Remove evidence linked to the wrong unit; the history keeps what it was."""
    evidence = db.session.get(RecognitionEvidence, evidence_id)
    if evidence is None or evidence.plan_unit_id != unit.id:
        raise RuleError(_("This evidence is not linked to the unit."))
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; reopen the decision first."))
    label = evidence.label
    db.session.delete(evidence)
    db.session.flush()
    old = unit.status
    if unit.status == UnitStatus.EVIDENCE:
        unit.status = status_before_decision(unit)
    add_event(unit, actor, "evidence_removed", label, old)
    db.session.commit()


def reopen(unit: RecognitionPlanUnit, reason: str, actor: User) -> None:
    """Take back a decision: the unit returns to where it stood before, and may be decided
    again. The decision and the reason stay in the history."""
    reason = reason.strip()
    if not reason:
        raise RuleError(_("Say why the decision is reopened."), "reason")
    if unit.status not in DECIDED:
        raise RuleError(_("The unit has no decision to reopen."))
    old = unit.status
    clear_decision(unit)
    add_event(unit, actor, "decision_reopened", reason[:2000], old)
    plan = db.session.get(RecognitionPlan, unit.plan_id)
    audit.record(
        "recognition.decision_reopened",
        actor=actor,
        client_id=plan.client_id,
        object_type="unit",
        object_id=unit.id,
    )


def clear_decision(unit: RecognitionPlanUnit) -> None:
    """The unit without its decision, back in the status its evidence and demonstrations give."""
    unit.status = status_before_decision(unit)
    unit.points_credited = None
    unit.decided_on = None
    unit.decided_by_id = None
    unit.decision_reason = ""
    unit.confirmation = ""
    unit.confirmed_by_id = None
    unit.confirmed_on = None
