"""Competence demonstrations (näytöt): planned at a partner company with a working-life
assessor, and assessed target by target on the unit's own scale.

Every refusal raises ``RuleError`` before anything is written; what is allowed is written with
the unit's history and committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_

from plugins.recognition import queries, scales
from plugins.recognition.i18n import _
from plugins.recognition.models import (
    DECIDED,
    RecognitionDemonstration,
    RecognitionGrade,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionTarget,
    RecognitionUnit,
    UnitStatus,
)
from plugins.recognition.services import add_event
from portal.api import (
    Client,
    Company,
    CompanyStatus,
    Role,
    RuleError,
    User,
    clock,
    db,
    link_to,
    notify,
    public_url,
    send_mail,
    teachers_of,
)

#: Who decided / who took part (koodisto ammatillisennaytonarvioinnistapaattaneet and
#: ammatillisennaytonarviointikeskusteluunosallistuneet).
DECIDERS = ("1", "3", "5")
PARTICIPANTS = ("1", "3", "5", "6")
#: Days after a demonstration's last day its working-life assessor can still open it (the
#: ``RECOGNITION_ASSESSOR_DAYS`` setting); grading it ends their access at once.
ASSESSOR_DAYS = 14


def assessor_cutoff(today: date | None = None) -> date:
    """Demonstrations that ended before this day are closed to their working-life assessor."""
    days = current_app.config.get("RECOGNITION_ASSESSOR_DAYS", ASSESSOR_DAYS)
    return (today or clock.today()) - timedelta(days=days)


def assessor_scope(user: User):
    """The SQL condition of the demonstrations ``user`` may reach as working-life assessor:
    named as its assessor at their own company, not yet graded nor cancelled, and at most
    ``RECOGNITION_ASSESSOR_DAYS`` past its last day."""
    return and_(
        RecognitionDemonstration.employer_assessor_id == user.id,
        RecognitionDemonstration.company_id == user.company_id,
        RecognitionDemonstration.grade == "",
        RecognitionDemonstration.cancelled_on.is_(None),
        RecognitionDemonstration.end_date >= assessor_cutoff(),
    )


def assessor_may_reach(demo: RecognitionDemonstration, user: User) -> bool:
    """:func:`assessor_scope` for one loaded demonstration."""
    return (
        demo.employer_assessor_id == user.id
        and demo.company_id == user.company_id
        and not demo.grade
        and demo.cancelled_on is None
        and demo.end_date >= assessor_cutoff()
    )


@dataclass
class DemonstrationData:
    company_id: int
    start_date: date
    end_date: date
    tasks: str
    teacher_name: str
    employer_assessor_id: int
    #: An invited teacher of the client who assesses for the education provider (optional).
    teacher_id: int | None = None
    individual_criteria: str = ""


@dataclass
class GradeData:
    """What the assessors decided about a demonstration."""

    grades: dict[int, str]  # target id -> level
    overall: str
    assessed_on: date
    decided_by: list[str]
    discussion: list[str]
    comment: str


def plan(
    unit: RecognitionPlanUnit, data: DemonstrationData, actor: User
) -> RecognitionDemonstration:
    """Plan a demonstration of the unit and tell the working-life assessor by email."""
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
    if data.teacher_id is not None:
        plan_row = db.session.get(RecognitionPlan, unit.plan_id)
        client = db.session.get(Client, plan_row.client_id)
        if data.teacher_id not in {t.id for t in teachers_of(client)}:
            raise RuleError(_("Choose a teacher invited to this young person."), "teacher")
        data.teacher_name = db.session.get(User, data.teacher_id).name
    if not data.teacher_name.strip():
        raise RuleError(_("Name the assessor for the education side."), "teacher_name")
    if data.end_date < data.start_date:
        raise RuleError(_("The demonstration cannot end before it starts."), "end_date")
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; plan no more demonstrations."))
    demo = RecognitionDemonstration(plan_unit_id=unit.id, unit_id=unit.unit_id, **vars(data))
    db.session.add(demo)
    db.session.flush()
    old = unit.status
    unit.status = UnitStatus.DEMONSTRATION
    add_event(unit, actor, "demonstration", f"{company.name} {data.start_date:%d.%m.%Y}", old)
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
    if data.teacher_id is not None:
        teacher = db.session.get(User, data.teacher_id)
        send_mail(
            teacher.email,
            _("A competence demonstration to assess"),
            _(
                "You have been named the education provider's assessor of a competence "
                "demonstration at %(company)s on %(start)s-%(end)s. Assess it here: %(url)s",
                company=company.name,
                start=data.start_date.strftime("%d.%m.%Y"),
                end=data.end_date.strftime("%d.%m.%Y"),
                url=public_url("recognition.demonstration", demo_id=demo.id),
            ),
        )
    db.session.commit()
    return demo


def _tell_coach_graded(unit: RecognitionPlanUnit, actor: User | None) -> None:
    """The young person's coach hears that a demonstration was assessed."""
    plan = db.session.get(RecognitionPlan, unit.plan_id)
    client = db.session.get(Client, plan.client_id)
    if client.coach_id is None or (actor is not None and actor.id == client.coach_id):
        return
    coach = db.session.get(User, client.coach_id)
    link = link_to("clients.detail", client_id=client.id)
    notify([coach], "demonstration_graded", link=link, client_id=client.id)


def grade(
    demo: RecognitionDemonstration,
    targets: list[RecognitionTarget],
    assessment: GradeData,
    actor: User | None,
) -> None:
    """Store a demonstration's assessment, every target on the unit's own scale, and commit
    (``StaleDataError`` when someone else saved it at the same moment)."""
    unit = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    if unit.status in DECIDED:
        raise RuleError(_("The unit has been decided; its demonstrations are closed."))
    if demo.cancelled_on is not None:
        raise RuleError(_("The demonstration has been cancelled."))
    scale = db.session.get(RecognitionUnit, unit.unit_id).scale
    _check(assessment, targets, scale, demo)
    existing = queries.grades(demo.id)
    for target in targets:
        row = existing.get(target.id) or RecognitionGrade(
            demonstration_id=demo.id, target_id=target.id
        )
        row.grade = assessment.grades[target.id]
        row.assessor_id = actor.id if actor else None
        db.session.add(row)
    demo.grade = assessment.overall
    demo.assessed_on = assessment.assessed_on
    demo.decided_by = sorted(assessment.decided_by)
    demo.discussion = sorted(assessment.discussion)
    demo.comment = assessment.comment.strip()
    add_event(
        unit,
        actor,
        "assessment",
        _("Demonstration assessed: %(grade)s", grade=scales.level_label(scale, assessment.overall)),
        unit.status,
    )
    _tell_coach_graded(unit, actor)
    db.session.commit()


def _check(
    assessment: GradeData,
    targets: list[RecognitionTarget],
    scale: str,
    demo: RecognitionDemonstration,
) -> None:
    if not scales.is_valid(scale, assessment.overall):
        raise RuleError(_("Choose a grade on the unit's scale."), "overall")
    for target in targets:
        level = assessment.grades.get(target.id, "")
        if not scales.is_valid(target.scale or scale, level):
            raise RuleError(
                _("Grade every assessment target on the unit's scale."), f"target_{target.id}"
            )
    if assessment.assessed_on > clock.today() or assessment.assessed_on < demo.start_date:
        raise RuleError(
            _("The assessment date is between the demonstration's start and today."),
            "assessed_on",
        )
    if not assessment.decided_by or set(assessment.decided_by) - set(DECIDERS):
        raise RuleError(_("Say who decided the assessment."), "decided_by")
    if set(assessment.discussion) - set(PARTICIPANTS):
        raise RuleError(_("Choose the participants from the list."), "discussion")
