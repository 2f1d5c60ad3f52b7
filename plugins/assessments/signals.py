"""The risk signal "low result in a workplace assessment", as SQL
(``portal_risk_signal_queries``).

A client's latest submitted supervisor assessment with a skill on a scale is low when its
safety is at most ``LOW_SAFETY`` or the average of its skills under ``LOW_AVERAGE``
(:func:`plugins.assessments.services.is_low`). The scale fields are read from the form
definition's JSON and the answers from the assessment's in the database, so that the core
runs this with the other plugins' signals in one statement.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, Select, case, cast, func, or_, select, true

from plugins.assessments.i18n import _l
from plugins.assessments.models import Assessment, AssessmentDefinition, Status
from plugins.assessments.services import LOW_AVERAGE, LOW_SAFETY
from portal.api import RiskSignalQuery, json_elements, json_text

KIND = "low_assessment"


def _scale_answers(client_ids: Select) -> Select:
    """(assessment, client, submitted at, skill, value): each scale answer of a skill in the
    submitted supervisor assessments of the clients."""
    section = (
        json_elements(AssessmentDefinition.content, "sections")
        .table_valued("value")
        .alias("section")
    )
    field = json_elements(section.c.value, "fields").table_valued("value").alias("field")
    skill = json_text(field.c.value, "skill")
    value = json_text(Assessment.answers, json_text(field.c.value, "key"))
    return (
        select(
            Assessment.id.label("assessment_id"),
            Assessment.client_id,
            Assessment.submitted_at,
            skill.label("skill"),
            cast(value, Integer).label("value"),
        )
        .join(AssessmentDefinition, AssessmentDefinition.id == Assessment.definition_id)
        .join(section, true())
        .join(field, true())
        .where(
            Assessment.client_id.in_(client_ids),
            Assessment.status == Status.SUBMITTED,
            Assessment.filled_by == "supervisor",
            json_text(field.c.value, "kind") == "scale",
            skill.is_not(None),
            skill != "",
            value.is_not(None),
        )
    )


def low_results(client_ids: Select) -> Select:
    """(client id, 1 when low else 0): the latest assessment with a scale answer of each
    client."""
    answers = _scale_answers(client_ids).subquery("answers")
    each = (
        select(
            answers.c.client_id,
            func.row_number()
            .over(
                partition_by=answers.c.client_id,
                order_by=(answers.c.submitted_at.desc(), answers.c.assessment_id.desc()),
            )
            .label("latest"),
            func.max(case((answers.c.skill == "safety", answers.c.value))).label("safety"),
            func.avg(answers.c.value).label("average"),
        )
        .group_by(answers.c.assessment_id, answers.c.client_id, answers.c.submitted_at)
        .subquery("each")
    )
    low = or_(each.c.safety <= LOW_SAFETY, each.c.average < LOW_AVERAGE)
    return select(each.c.client_id, case((low, 1), else_=0)).where(each.c.latest == 1)


def low_result_signal(client_ids: Select, today: date) -> RiskSignalQuery:
    return RiskSignalQuery(
        KIND, low_results(client_ids), lambda _n: _l("Low result in a workplace assessment")
    )
