"""Reading a client's recognition and the catalog for the plugin's pages, the record and the
panels. Nothing here writes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionEvent,
    RecognitionEvidence,
    RecognitionGrade,
    RecognitionMember,
    RecognitionPlan,
    RecognitionPlanUnit,
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
    """Demonstrations of these plan units with each target's grade (three queries)."""
    demos = db.session.scalars(
        select(RecognitionDemonstration)
        .where(RecognitionDemonstration.plan_unit_id.in_(plan_unit_ids))
        .options(
            selectinload(RecognitionDemonstration.company),
            selectinload(RecognitionDemonstration.employer_assessor),
            selectinload(RecognitionDemonstration.teacher),
        )
        .order_by(RecognitionDemonstration.start_date)
    ).all()
    by_demo: dict[int, list] = {d.id: [] for d in demos}
    for grade, target in db.session.execute(
        select(RecognitionGrade, RecognitionTarget)
        .join(RecognitionTarget, RecognitionTarget.id == RecognitionGrade.target_id)
        .where(RecognitionGrade.demonstration_id.in_(list(by_demo)))
        .order_by(RecognitionTarget.position)
    ):
        by_demo[grade.demonstration_id].append((target, grade.grade))
    return [(d, by_demo[d.id]) for d in demos]


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
    """The client's placements ``ids`` with company, supervisor and interruptions (4 queries)."""
    if not ids:
        return []
    return db.session.scalars(
        select(Placement)
        .where(Placement.id.in_(ids), Placement.client_id == client_id)
        .options(
            selectinload(Placement.company),
            selectinload(Placement.supervisor),
            selectinload(Placement.interruptions),
        )
        .order_by(Placement.start_date)
    ).all()


def users(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
