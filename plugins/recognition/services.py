"""Rules of recognising a client's competence against qualification units.

Every refusal raises ``RuleError`` before anything is written; callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from plugins.recognition import scales
from plugins.recognition.i18n import _
from plugins.recognition.models import (
    DECIDED,
    RecognitionDemonstration,
    RecognitionEvent,
    RecognitionEvidence,
    RecognitionGrade,
    RecognitionMember,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionTarget,
    RecognitionUnit,
    UnitStatus,
)
from portal.api import (
    Client,
    Company,
    CompanyStatus,
    Placement,
    PriorLearning,
    Role,
    RuleError,
    User,
    clock,
    db,
    public_url,
    send_mail,
)

#: Manual moves before a decision; a decision is made with ``decide``.
MOVES = {
    UnitStatus.IDENTIFIED: (UnitStatus.EVIDENCE,),
    UnitStatus.EVIDENCE: (UnitStatus.IDENTIFIED, UnitStatus.DEMONSTRATION),
    UnitStatus.DEMONSTRATION: (UnitStatus.EVIDENCE,),
}
#: Who decided / who took part (koodisto ammatillisennaytonarvioinnistapaattaneet and
#: ammatillisennaytonarviointikeskusteluunosallistuneet).
DECIDERS = ("1", "3", "5")
PARTICIPANTS = ("1", "3", "5", "6")


def _event(unit: RecognitionPlanUnit, actor: User | None, action: str, detail: str = "", old=""):
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
    plan = db.session.scalar(select(RecognitionPlan).where(RecognitionPlan.client_id == client.id))
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
        unit = RecognitionPlanUnit(plan_id=plan.id, unit_id=unit_id)
        db.session.add(unit)
        db.session.flush()
        _event(unit, actor, "added")
        added += 1
    return added


def remove_unit(unit: RecognitionPlanUnit) -> None:
    demos = db.session.scalar(
        select(func.count()).where(RecognitionDemonstration.plan_unit_id == unit.id)
    )
    if unit.status in DECIDED or demos:
        raise RuleError(_("A unit with a demonstration or a decision stays in the plan."))
    db.session.delete(unit)


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
    _event(unit, actor, "evidence", evidence.label, old)
    return evidence


def _count(model, unit: RecognitionPlanUnit) -> int:
    return db.session.scalar(select(func.count()).where(model.plan_unit_id == unit.id)) or 0


def move(unit: RecognitionPlanUnit, to: str, actor: User, reason: str = "") -> None:
    if to not in MOVES.get(unit.status, ()):
        raise RuleError(_("This move is not possible from the unit's current status."), "status")
    if to == UnitStatus.EVIDENCE and not _count(RecognitionEvidence, unit):
        raise RuleError(_("Link at least one piece of evidence first."), "status")
    if to == UnitStatus.DEMONSTRATION and not _count(RecognitionDemonstration, unit):
        raise RuleError(_("Plan the demonstration first."), "status")
    old, unit.status = unit.status, to
    _event(unit, actor, "status", reason, old)


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
    if outcome not in DECIDED:
        raise RuleError(_("Choose the decision."), "outcome")
    if not reason.strip():
        raise RuleError(_("Say why: the school reads this."), "reason")
    if decided_on > clock.today():
        raise RuleError(_("The decision date cannot be in the future."), "decided_on")
    if not (_count(RecognitionEvidence, unit) or _count(RecognitionDemonstration, unit)):
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
    _event(unit, actor, "decision", reason.strip(), old)


def _points_text(points: float | None) -> str:
    return "?" if points is None else f"{points:g}"


@dataclass
class DemonstrationData:
    company_id: int
    start_date: date
    end_date: date
    tasks: str
    teacher_name: str
    employer_assessor_id: int


def plan_demonstration(
    unit: RecognitionPlanUnit, data: DemonstrationData, actor: User
) -> RecognitionDemonstration:
    company = db.session.get(Company, data.company_id)
    if company is None or company.status != CompanyStatus.ACTIVE:
        raise RuleError(_("Choose an active partner company."), "company")
    assessor = db.session.get(User, data.employer_assessor_id)
    if (
        assessor is None
        or assessor.role != Role.EMPLOYER
        or assessor.company_id != company.id
        or not assessor.active
    ):
        raise RuleError(
            _("The working-life assessor must be an employer user of the chosen company."),
            "employer_assessor",
        )
    if data.end_date < data.start_date:
        raise RuleError(_("The demonstration cannot end before it starts."), "end_date")
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; plan no more demonstrations."))
    demo = RecognitionDemonstration(plan_unit_id=unit.id, **vars(data))
    db.session.add(demo)
    db.session.flush()
    old = unit.status
    unit.status = UnitStatus.DEMONSTRATION
    _event(unit, actor, "demonstration", f"{company.name} {data.start_date:%d.%m.%Y}", old)
    send_mail(
        assessor.email,
        _("A competence demonstration to assess"),
        _(
            "You have been named the working-life assessor of a competence demonstration at "
            "%(company)s on %(start)s-%(end)s. Assess it here: %(url)s",
            company=company.name,
            start=data.start_date.strftime("%d.%m.%Y"),
            end=data.end_date.strftime("%d.%m.%Y"),
            url=public_url("recognition.demonstration", demo_id=demo.id),
        ),
    )
    return demo


def grade(
    demo: RecognitionDemonstration,
    targets: list[RecognitionTarget],
    grades: dict[int, str],
    overall: str,
    assessed_on: date,
    decided_by: list[str],
    discussion: list[str],
    comment: str,
    actor: User | None,
) -> None:
    """Store a demonstration's assessment: every target on the unit's own scale."""
    unit = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; its demonstrations are closed."))
    scale = db.session.get(RecognitionUnit, unit.unit_id).scale
    if not scales.is_valid(scale, overall):
        raise RuleError(_("Choose a grade on the unit's scale."), "overall")
    for target in targets:
        level = grades.get(target.id, "")
        if not scales.is_valid(target.scale or scale, level):
            raise RuleError(
                _("Grade every assessment target on the unit's scale."), f"target_{target.id}"
            )
    if assessed_on > clock.today() or assessed_on < demo.start_date:
        raise RuleError(
            _("The assessment date is between the demonstration's start and today."),
            "assessed_on",
        )
    if not decided_by or set(decided_by) - set(DECIDERS):
        raise RuleError(_("Say who decided the assessment."), "decided_by")
    if set(discussion) - set(PARTICIPANTS):
        raise RuleError(_("Choose the participants from the list."), "discussion")
    existing = {
        g.target_id: g
        for g in db.session.scalars(
            select(RecognitionGrade).where(RecognitionGrade.demonstration_id == demo.id)
        )
    }
    for target in targets:
        row = existing.get(target.id) or RecognitionGrade(
            demonstration_id=demo.id, target_id=target.id
        )
        row.grade = grades[target.id]
        row.assessor_id = actor.id if actor else None
        db.session.add(row)
    demo.grade = overall
    demo.assessed_on = assessed_on
    demo.decided_by = sorted(decided_by)
    demo.discussion = sorted(discussion)
    demo.comment = comment.strip()
    _event(
        unit,
        actor,
        "assessment",
        _("Demonstration assessed: %(grade)s", grade=scales.level_label(scale, overall)),
        unit.status,
    )


def plan_units(
    plan_id: int,
) -> list[tuple[RecognitionPlanUnit, RecognitionUnit, RecognitionMember]]:
    return list(
        db.session.execute(
            select(RecognitionPlanUnit, RecognitionUnit, RecognitionMember)
            .join(RecognitionUnit, RecognitionUnit.id == RecognitionPlanUnit.unit_id)
            .join(RecognitionPlan, RecognitionPlan.id == RecognitionPlanUnit.plan_id)
            .outerjoin(
                RecognitionMember,
                (RecognitionMember.unit_id == RecognitionUnit.id)
                & (RecognitionMember.qualification_id == RecognitionPlan.qualification_id),
            )
            .where(RecognitionPlanUnit.plan_id == plan_id)
            .options(selectinload(RecognitionPlanUnit.decided_by))
            .order_by(RecognitionMember.position)
        )
    )


def demonstrations_with_grades(
    plan_unit_ids: list[int],
) -> list[tuple[RecognitionDemonstration, list[tuple[RecognitionTarget, str]]]]:
    """Demonstrations of these plan units with each target's grade (three queries)."""
    demos = db.session.scalars(
        select(RecognitionDemonstration)
        .where(RecognitionDemonstration.plan_unit_id.in_(plan_unit_ids))
        .options(
            selectinload(RecognitionDemonstration.company),
            selectinload(RecognitionDemonstration.employer_assessor),
        )
        .order_by(RecognitionDemonstration.start_date)
    ).all()
    grades: dict[int, list] = {d.id: [] for d in demos}
    for grade, target in db.session.execute(
        select(RecognitionGrade, RecognitionTarget)
        .join(RecognitionTarget, RecognitionTarget.id == RecognitionGrade.target_id)
        .where(RecognitionGrade.demonstration_id.in_(list(grades)))
        .order_by(RecognitionTarget.position)
    ):
        grades[grade.demonstration_id].append((target, grade.grade))
    return [(d, grades[d.id]) for d in demos]
