"""Assessment forms for qualification units, built from their assessment criteria.

Offered through ``portal_assessment_forms`` for the units that have a demonstration planned,
so that a supervisor can assess a unit on its own scale in the assessments plugin too; the
answers come back through ``portal_assessment_submitted`` as the demonstration's grades.
"""

from __future__ import annotations

import logging

from flask_babel import force_locale
from sqlalchemy import select

from plugins.recognition import demonstrations, queries, scales
from plugins.recognition.eperusteet import LANGUAGES
from plugins.recognition.i18n import _l
from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionTarget,
    RecognitionUnit,
    UnitStatus,
)
from portal.api import (
    Client,
    FormDefinition,
    FormField,
    FormSection,
    Placement,
    RuleError,
    User,
    clock,
    db,
)

log = logging.getLogger(__name__)
PREFIX = "unit-"
#: Who decided, when a supervisor answered the unit form: the working-life representative.
EMPLOYER = "3"


def _in_each_language(render) -> dict[str, str]:
    out = {}
    for lang in LANGUAGES:
        with force_locale(lang):
            out[lang] = str(render())
    return out


def _levels(scale: str) -> tuple:
    return tuple(
        (value, _in_each_language(lambda label=label: label))
        for value, label in scales.levels(scale)
    )


def unit_forms() -> list[FormDefinition]:
    units = db.session.scalars(
        select(RecognitionUnit)
        .where(
            RecognitionUnit.id.in_(
                select(RecognitionPlanUnit.unit_id).where(
                    RecognitionPlanUnit.status == UnitStatus.DEMONSTRATION
                )
            )
        )
        .order_by(RecognitionUnit.code)
    ).all()
    targets: dict[int, list[RecognitionTarget]] = {u.id: [] for u in units}
    for target in db.session.scalars(
        select(RecognitionTarget)
        .where(RecognitionTarget.unit_id.in_(list(targets)))
        .order_by(RecognitionTarget.position)
    ):
        targets[target.unit_id].append(target)
    labels = (
        _l("Grade of the unit"),
        _l("Comments"),
        _l("Demonstration"),
        _l("Assessment targets"),
    )
    grade, comment, demonstration, heading = (
        _in_each_language(lambda label=label: label) for label in labels
    )
    scale_levels = {scale: _levels(scale) for scale in scales.SCALES}
    forms = []
    for unit in units:
        fields = [
            FormField(f"t{t.position}", "scale", t.title, levels=scale_levels[t.scale])
            for t in targets[unit.id]
        ]
        fields.append(FormField("grade", "scale", grade, levels=scale_levels[unit.scale]))
        fields.append(FormField("comment", "text", comment, required=False))
        title = {
            lang: f"{demonstration[lang]}: {unit.name.get(lang) or unit.name_fi}"
            for lang in LANGUAGES
        }
        forms.append(
            FormDefinition(
                key=f"{PREFIX}{unit.code.lower()}"[:80],
                version="1",  # a re-import that changes the criteria makes a new stored version
                title=title,
                sections=(FormSection("targets", heading, tuple(fields)),),
                filled_by="supervisor",
                order=200,
            )
        )
    return forms


def record_answers(
    form_key: str, client: Client, placement: Placement, answers: dict[str, str], actor: User | None
) -> bool:
    """Store a submitted unit form as the grades of the client's demonstration of that unit at
    the placement's company. Returns False (and logs why) when there is none to store them in."""
    code = form_key.removeprefix(PREFIX)
    row = db.session.execute(
        select(RecognitionDemonstration, RecognitionUnit)
        .join(RecognitionPlanUnit, RecognitionPlanUnit.id == RecognitionDemonstration.plan_unit_id)
        .join(RecognitionPlan, RecognitionPlan.id == RecognitionPlanUnit.plan_id)
        .join(RecognitionUnit, RecognitionUnit.id == RecognitionPlanUnit.unit_id)
        .where(
            RecognitionPlan.client_id == client.id,
            RecognitionUnit.code.ilike(code),
            RecognitionDemonstration.company_id == placement.company_id,
            RecognitionDemonstration.cancelled_on.is_(None),
        )
        .order_by(RecognitionDemonstration.start_date.desc())
        .limit(1)
    ).first()
    if row is None:
        log.warning("Unit form %s of client %s: no demonstration to grade", form_key, client.id)
        return False
    demo, unit = row
    targets = queries.targets(unit.id)
    grades = demonstrations.GradeData(
        grades={t.id: answers.get(f"t{t.position}", "") for t in targets},
        overall=answers.get("grade", ""),
        assessed_on=max(demo.start_date, min(clock.today(), demo.end_date)),
        decided_by=[EMPLOYER],
        discussion=[],
        comment=answers.get("comment", ""),
    )
    try:
        stored = demonstrations.grade(demo, targets, grades, actor)
    except RuleError as error:
        log.warning("Unit form %s of client %s not stored: %s", form_key, client.id, error.message)
        return False
    if not stored:
        log.warning("Unit form %s of client %s not stored: changed meanwhile", form_key, client.id)
    return stored
