"""Reading a client's recognition and the catalog for the plugin's pages, the record and the
panels. Nothing here writes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionEvent,
    RecognitionEvidence,
    RecognitionGrade,
    RecognitionMember,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionRequirement,
    RecognitionTarget,
    RecognitionUnit,
)
from portal.api import Company, CompanyStatus, Placement, Role, User, db


def plan_of(client_id: int) -> RecognitionPlan | None:
    return db.session.scalar(select(RecognitionPlan).where(RecognitionPlan.client_id == client_id))


def plan_unit_of(client_id: int, unit_id: int) -> RecognitionPlanUnit | None:
    """The client's plan row for catalog unit ``unit_id``, if the unit is in the plan."""
    return db.session.scalar(
        select(RecognitionPlanUnit)
        .join(RecognitionPlan, RecognitionPlan.id == RecognitionPlanUnit.plan_id)
        .where(RecognitionPlan.client_id == client_id, RecognitionPlanUnit.unit_id == unit_id)
    )


def members(qualification_id: int) -> list[tuple[RecognitionMember, RecognitionUnit]]:
    """The units of a qualification with their points, in the qualification's order."""
    return db.session.execute(
        select(RecognitionMember, RecognitionUnit)
        .join(RecognitionUnit, RecognitionUnit.id == RecognitionMember.unit_id)
        .where(RecognitionMember.qualification_id == qualification_id)
        .order_by(RecognitionMember.position)
    ).all()


def member(qualification_id: int, unit_id: int) -> RecognitionMember | None:
    return db.session.scalar(
        select(RecognitionMember).where(
            RecognitionMember.qualification_id == qualification_id,
            RecognitionMember.unit_id == unit_id,
        )
    )


def requirements(unit_id: int) -> list[RecognitionRequirement]:
    return _of_unit(RecognitionRequirement, unit_id)


def targets(unit_id: int) -> list[RecognitionTarget]:
    return _of_unit(RecognitionTarget, unit_id)


def _of_unit(model, unit_id: int) -> list:
    """A catalog unit's skill requirements or assessment targets, in the unit's order."""
    return db.session.scalars(
        select(model).where(model.unit_id == unit_id).order_by(model.position)
    ).all()


#: A plan unit's catalog unit and its place (points, order) in the plan's qualification.
_MEMBER_OF_PLAN = (RecognitionMember.unit_id == RecognitionUnit.id) & (
    RecognitionMember.qualification_id == RecognitionPlan.qualification_id
)
#: Who decided and who confirmed each unit, joined.
_DECIDERS = (
    joinedload(RecognitionPlanUnit.decided_by),
    joinedload(RecognitionPlanUnit.confirmed_by),
)

UnitRow = tuple[RecognitionPlanUnit, RecognitionUnit, RecognitionMember]


def plan_units(plan_id: int) -> list[UnitRow]:
    return list(
        db.session.execute(
            select(RecognitionPlanUnit, RecognitionUnit, RecognitionMember)
            .join(RecognitionUnit, RecognitionUnit.id == RecognitionPlanUnit.unit_id)
            .join(RecognitionPlan, RecognitionPlan.id == RecognitionPlanUnit.plan_id)
            .outerjoin(RecognitionMember, _MEMBER_OF_PLAN)
            .where(RecognitionPlanUnit.plan_id == plan_id)
            .options(*_DECIDERS)
            .order_by(RecognitionMember.position)
        )
    )


def plan_with_units(
    client_id: int,
) -> tuple[RecognitionPlan | None, RecognitionQualification | None, list[UnitRow]]:
    """The client's plan, its target qualification and :func:`plan_units`, in one statement
    (the plan comes once per unit, or once when it has none)."""
    found = db.session.execute(
        select(
            RecognitionPlan,
            RecognitionQualification,
            RecognitionPlanUnit,
            RecognitionUnit,
            RecognitionMember,
        )
        .join(
            RecognitionQualification,
            RecognitionQualification.id == RecognitionPlan.qualification_id,
        )
        .outerjoin(RecognitionPlanUnit, RecognitionPlanUnit.plan_id == RecognitionPlan.id)
        .outerjoin(RecognitionUnit, RecognitionUnit.id == RecognitionPlanUnit.unit_id)
        .outerjoin(RecognitionMember, _MEMBER_OF_PLAN)
        .where(RecognitionPlan.client_id == client_id)
        .options(*_DECIDERS)
        .order_by(RecognitionMember.position)
    ).all()
    if not found:
        return None, None, []
    rows = [(pu, unit, member) for _p, _q, pu, unit, member in found if pu is not None]
    return found[0][0], found[0][1], rows


def evidence(plan_unit_id: int) -> list[RecognitionEvidence]:
    return db.session.scalars(
        select(RecognitionEvidence)
        .where(RecognitionEvidence.plan_unit_id == plan_unit_id)
        .order_by(RecognitionEvidence.added_at)
    ).all()


def history(plan_unit_id: int) -> list[RecognitionEvent]:
    """What happened to a unit in the plan, newest first, with who did it."""
    return db.session.scalars(
        select(RecognitionEvent)
        .where(RecognitionEvent.plan_unit_id == plan_unit_id)
        .options(selectinload(RecognitionEvent.actor))
        .order_by(RecognitionEvent.at.desc(), RecognitionEvent.id.desc())
    ).all()


def demonstration(demo_id: int) -> RecognitionDemonstration | None:
    return db.session.scalar(
        select(RecognitionDemonstration)
        .where(RecognitionDemonstration.id == demo_id)
        .options(
            selectinload(RecognitionDemonstration.company),
            selectinload(RecognitionDemonstration.employer_assessor),
            selectinload(RecognitionDemonstration.teacher),
        )
    )


def grades(demo_id: int) -> dict[int, RecognitionGrade]:
    """A demonstration's grades by assessment target."""
    return {
        g.target_id: g
        for g in db.session.scalars(
            select(RecognitionGrade).where(RecognitionGrade.demonstration_id == demo_id)
        )
    }


def demonstrations_with_grades(
    plan_unit_ids: list[int],
) -> list[tuple[RecognitionDemonstration, list[tuple[RecognitionTarget, str]]]]:
    """Demonstrations of these plan units, with their company and assessors, and each
    target's grade (one statement: a demonstration comes once per grade given)."""
    rows = db.session.execute(
        select(RecognitionDemonstration, RecognitionGrade, RecognitionTarget)
        .outerjoin(
            RecognitionGrade, RecognitionGrade.demonstration_id == RecognitionDemonstration.id
        )
        .outerjoin(RecognitionTarget, RecognitionTarget.id == RecognitionGrade.target_id)
        .where(RecognitionDemonstration.plan_unit_id.in_(plan_unit_ids))
        .options(
            joinedload(RecognitionDemonstration.company),
            joinedload(RecognitionDemonstration.employer_assessor),
            joinedload(RecognitionDemonstration.teacher),
        )
        .order_by(
            RecognitionDemonstration.start_date,
            RecognitionDemonstration.id,
            RecognitionTarget.position,
        )
    )
    by_demo: dict[int, tuple[RecognitionDemonstration, list]] = {}
    for demo, grade, target in rows:
        graded = by_demo.setdefault(demo.id, (demo, []))[1]
        if grade is not None:
            graded.append((target, grade.grade))
    return list(by_demo.values())


def active_companies() -> list[Company]:
    return db.session.scalars(
        select(Company).where(Company.status == CompanyStatus.ACTIVE).order_by(Company.name)
    ).all()


def employer_assessors() -> list[tuple[User, str]]:
    """Active employer users who can assess a demonstration, with their company's name."""
    return db.session.execute(
        select(User, Company.name)
        .join(Company, Company.id == User.company_id)
        .where(User.role == Role.EMPLOYER, User.active.is_(True))
        .order_by(Company.name, User.name)
    ).all()


def placements_with_details(ids: set[int], client_id: int) -> list[Placement]:
    """The client's placements ``ids`` with company, supervisor and interruptions (2 queries)."""
    if not ids:
        return []
    return db.session.scalars(
        select(Placement)
        .where(Placement.id.in_(ids), Placement.client_id == client_id)
        .options(
            joinedload(Placement.company),
            joinedload(Placement.supervisor),
            selectinload(Placement.interruptions),
        )
        .order_by(Placement.start_date)
    ).all()
