"""Rules of recognising a client's competence against qualification units: the target
qualification, units in the plan, evidence, status moves and decisions.

Every refusal raises ``RuleError`` before anything is written; what is allowed is written with
the unit's history (and the audit trail where the client's record changes) and committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from plugins.recognition import queries
from plugins.recognition.i18n import _
from plugins.recognition.models import (
    DECIDED,
    Confirmation,
    RecognitionDemonstration,
    RecognitionEvent,
    RecognitionEvidence,
    RecognitionMember,
    RecognitionPlan,
    RecognitionPlanUnit,
    UnitStatus,
)
from portal.api import (
    Client,
    Company,
    Placement,
    PriorLearning,
    RuleError,
    User,
    audit,
    clock,
    db,
)

#: Manual moves before a decision; a decision is made with ``decide``.
MOVES = {
    UnitStatus.IDENTIFIED: (UnitStatus.EVIDENCE,),
    UnitStatus.EVIDENCE: (UnitStatus.IDENTIFIED, UnitStatus.DEMONSTRATION),
    UnitStatus.DEMONSTRATION: (UnitStatus.EVIDENCE,),
}


def add_event(
    unit: RecognitionPlanUnit, actor: User | None, action: str, detail: str = "", old: str = ""
) -> None:
    """Add a line to the unit's history: what ``actor`` did and the status it moved from."""
    db.session.add(
        RecognitionEvent(
            plan_unit_id=unit.id,
            actor_id=actor.id if actor else None,
            action=action,
            from_status=old,
            to_status=unit.status,
            detail=detail[:2000],
        )
    )


def choose_qualification(client: Client, qualification_id: int, actor: User) -> RecognitionPlan:
    plan = queries.plan_of(client.id)
    if plan is not None and plan.qualification_id != qualification_id:
        has_units = db.session.scalar(
            select(func.count()).where(RecognitionPlanUnit.plan_id == plan.id)
        )
        if has_units:
            raise RuleError(
                _("Remove the units from the plan before choosing another qualification."),
                "qualification",
            )
    plan = plan or RecognitionPlan(client_id=client.id, created_by_id=actor.id)
    plan.qualification_id = qualification_id
    db.session.add(plan)
    audit.record("recognition.plan", actor=actor, client_id=client.id)
    db.session.commit()
    return plan


def add_units(plan: RecognitionPlan, unit_ids: list[int], actor: User) -> int:
    allowed = set(
        db.session.scalars(
            select(RecognitionMember.unit_id).where(
                RecognitionMember.qualification_id == plan.qualification_id
            )
        )
    )
    present = set(
        db.session.scalars(
            select(RecognitionPlanUnit.unit_id).where(RecognitionPlanUnit.plan_id == plan.id)
        )
    )
    if not unit_ids:
        raise RuleError(_("Choose at least one unit."), "units")
    if set(unit_ids) - allowed:
        raise RuleError(_("Choose units of the client's target qualification."), "units")
    added = 0
    for unit_id in unit_ids:
        if unit_id in present:
            continue
        unit = RecognitionPlanUnit(
            plan_id=plan.id, unit_id=unit_id, qualification_id=plan.qualification_id
        )
        db.session.add(unit)
        db.session.flush()
        add_event(unit, actor, "added")
        added += 1
    db.session.commit()
    return added


def remove_unit(unit: RecognitionPlanUnit) -> None:
    if unit.status in DECIDED or _count(RecognitionDemonstration, unit):
        raise RuleError(_("A unit with a demonstration or a decision stays in the plan."))
    db.session.delete(unit)
    db.session.commit()


@dataclass(frozen=True)
class EvidenceChoice:
    kind: str
    ref: str
    label: str
    on: date | None


def evidence_choices(client: Client, plugin_items) -> list[EvidenceChoice]:
    """What can be linked as evidence: the client's placements, prior learning, and what
    plugins offer (onboarding steps done, assessments) through ``portal_evidence_items``."""
    placements = db.session.execute(
        select(Placement, Company.name)
        .join(Company, Company.id == Placement.company_id)
        .where(Placement.client_id == client.id)
        .order_by(Placement.start_date)
    ).all()
    choices = [
        EvidenceChoice(
            "placement",
            f"placement:{p.id}",
            _(
                "Placement at %(company)s %(start)s-%(end)s",
                company=name,
                start=p.start_date.strftime("%d.%m.%Y"),
                end=p.last_day.strftime("%d.%m.%Y"),
            ),
            p.start_date,
        )
        for p, name in placements
    ]
    prior = db.session.scalars(
        select(PriorLearning).where(PriorLearning.client_id == client.id).order_by(PriorLearning.id)
    )
    choices += [
        EvidenceChoice(
            "prior_learning",
            f"prior_learning:{p.id}",
            _("Prior learning: %(what)s", what=" ".join(filter(None, (p.what, p.where)))),
            p.created_at.date(),
        )
        for p in prior
    ]
    choices += [EvidenceChoice(i.kind, i.ref, str(i.label), i.on) for i in plugin_items]
    return choices


def add_evidence(
    unit: RecognitionPlanUnit, choice: EvidenceChoice | None, note: str, actor: User
) -> RecognitionEvidence:
    note = note.strip()
    if choice is None and not note:
        raise RuleError(_("Choose the evidence or describe it in a note."), "source")
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; evidence cannot be added any more."))
    evidence = RecognitionEvidence(
        plan_unit_id=unit.id,
        kind=choice.kind if choice else "note",
        ref=choice.ref if choice else "",
        label=(choice.label if choice else note)[:300],
        note=note if choice else "",
        on=choice.on if choice else clock.today(),
        added_by_id=actor.id,
    )
    db.session.add(evidence)
    old = unit.status
    if unit.status == UnitStatus.IDENTIFIED:
        unit.status = UnitStatus.EVIDENCE
    add_event(unit, actor, "evidence", evidence.label, old)
    db.session.commit()
    return evidence


def _count(model, unit: RecognitionPlanUnit) -> int:
    return db.session.scalar(select(func.count()).where(model.plan_unit_id == unit.id)) or 0


def open_demonstrations(unit: RecognitionPlanUnit) -> int:
    """The unit's demonstrations that were not cancelled."""
    return (
        db.session.scalar(
            select(func.count()).where(
                RecognitionDemonstration.plan_unit_id == unit.id,
                RecognitionDemonstration.cancelled_on.is_(None),
            )
        )
        or 0
    )


def move(unit: RecognitionPlanUnit, to: str, actor: User, reason: str = "") -> None:
    """Move the unit to status ``to`` and commit (``StaleDataError`` when someone else changed
    it at the same moment)."""
    if to not in MOVES.get(unit.status, ()):
        raise RuleError(_("This move is not possible from the unit's current status."), "status")
    if to == UnitStatus.EVIDENCE and not _count(RecognitionEvidence, unit):
        raise RuleError(_("Link at least one piece of evidence first."), "status")
    if to == UnitStatus.DEMONSTRATION and not open_demonstrations(unit):
        raise RuleError(_("Plan the demonstration first."), "status")
    old, unit.status = unit.status, to
    add_event(unit, actor, "status", reason, old)
    db.session.commit()


def unit_points(unit: RecognitionPlanUnit) -> float | None:
    return db.session.scalar(
        select(RecognitionMember.points)
        .join(
            RecognitionPlan, RecognitionPlan.qualification_id == RecognitionMember.qualification_id
        )
        .where(RecognitionPlan.id == unit.plan_id, RecognitionMember.unit_id == unit.unit_id)
    )


def decide(
    unit: RecognitionPlanUnit,
    outcome: str,
    points: float | None,
    decided_on: date,
    reason: str,
    actor: User,
) -> None:
    """Record the decision on the unit and commit (``StaleDataError`` when someone else changed
    it at the same moment)."""
    if outcome not in DECIDED:
        raise RuleError(_("Choose the decision."), "outcome")
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; reopen the decision first."), "outcome")
    if not reason.strip():
        raise RuleError(_("Say why: the school reads this."), "reason")
    if decided_on > clock.today():
        raise RuleError(_("The decision date cannot be in the future."), "decided_on")
    if not (_count(RecognitionEvidence, unit) or open_demonstrations(unit)):
        raise RuleError(_("A decision needs evidence or a demonstration."), "outcome")
    full = unit_points(unit)
    if outcome == UnitStatus.RECOGNISED:
        points = full
    elif outcome == UnitStatus.PARTIAL:
        if points is None or points <= 0 or (full is not None and points >= full):
            raise RuleError(
                _(
                    "Partial recognition credits more than 0 and less than %(full)s points.",
                    full=_points_text(full),
                ),
                "points",
            )
    else:
        points = None
    old = unit.status
    unit.status = outcome
    unit.points_credited = points
    unit.decided_on = decided_on
    unit.decided_by_id = actor.id
    unit.decision_reason = reason.strip()
    #: A proposal until the education provider confirms it (plugins.recognition.provider).
    unit.confirmation = Confirmation.PROPOSED
    unit.confirmed_by_id = None
    unit.confirmed_on = None
    unit.confirmation_comment = ""
    add_event(unit, actor, "decision", reason.strip(), old)
    plan = db.session.get(RecognitionPlan, unit.plan_id)
    audit.record(
        "recognition.decision",
        actor=actor,
        client_id=plan.client_id,
        object_type="unit",
        object_id=unit.id,
    )
    db.session.commit()


def _points_text(points: float | None) -> str:
    return "?" if points is None else f"{points:g}"
