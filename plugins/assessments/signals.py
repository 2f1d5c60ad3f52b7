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
from typing import Any

from sqlalchemy import Integer, Select, case, cast, func, literal, or_, select, true
from sqlalchemy.orm import aliased

from plugins.assessments.i18n import _l
from plugins.assessments.models import Assessment, AssessmentDefinition, Status
from plugins.assessments.services import LOW_AVERAGE, LOW_SAFETY
from portal.api import Client, RiskSignalQuery, json_elements, json_text

KIND = "low_assessment"


def _skill_keys() -> Any:
    """(definition, key, skill): the scale questions that name a skill, of every stored form
    definition; a few dozen rows, made once per statement, so that no assessment's form is
    read question by question."""
    section = (
        json_elements(AssessmentDefinition.content, "sections")
        .table_valued("value")
        .alias("section")
    )
    field = json_elements(section.c.value, "fields").table_valued("value").alias("field")
    skill = json_text(field.c.value, "skill")
    return (
        select(
            AssessmentDefinition.id.label("definition_id"),
            json_text(field.c.value, "key").label("key"),
            skill.label("skill"),
        )
        .select_from(AssessmentDefinition)
        .join(section, true())
        .join(field, true())
        .where(json_text(field.c.value, "kind") == "scale", skill.is_not(None), skill != "")
        .cte("skill_keys")
        .prefix_with("MATERIALIZED")
    )


def _latest(client_ids: Select, keys: Any) -> Select:
    """The latest submitted supervisor assessment with an answer to a skill's scale question,
    of each client: found per client from their newest backwards (a few rows each), so that
    only these are read answer by answer, not every assessment of the caseload."""
    candidate = aliased(Assessment, name="candidate")
    answered = (
        select(literal(1))
        .where(
            keys.c.definition_id == candidate.definition_id,
            json_text(candidate.answers, keys.c.key).is_not(None),
        )
        .exists()
    )
    latest = (
        select(candidate.id)
        .where(
            candidate.client_id == Client.id,
            candidate.status == Status.SUBMITTED,
            candidate.filled_by == "supervisor",
            # A form without a skill's scale question is passed over by its id, a list made
            # once; only the answers of one with such a question are read.
            candidate.definition_id.in_(select(keys.c.definition_id)),
            answered,
        )
        .order_by(candidate.submitted_at.desc(), candidate.id.desc())
        .limit(1)
        .correlate(Client)
        .scalar_subquery()
    )
    return select(latest).select_from(Client).where(Client.id.in_(client_ids))


def _scale_answers(assessment_ids: Select, keys: Any) -> Select:
    """(assessment, client, skill, value): each answer to a skill's scale question in the
    assessments."""
    value = json_text(Assessment.answers, keys.c.key)
    return (
        select(
            Assessment.id.label("assessment_id"),
            Assessment.client_id,
            keys.c.skill,
            cast(value, Integer).label("value"),
        )
        .select_from(Assessment)
        .join(keys, keys.c.definition_id == Assessment.definition_id)
        .where(Assessment.id.in_(assessment_ids), value.is_not(None))
    )


def low_results(client_ids: Select) -> Select:
    """(client id, 1 when low else 0): the latest assessment with a scale answer of each
    client."""
    keys = _skill_keys()
    answers = _scale_answers(_latest(client_ids, keys), keys).subquery("answers")
    each = (
        select(
            answers.c.client_id,
            func.max(case((answers.c.skill == "safety", answers.c.value))).label("safety"),
            func.avg(answers.c.value).label("average"),
        )
        .group_by(answers.c.assessment_id, answers.c.client_id)
        .subquery("each")
    )
    low = or_(each.c.safety <= LOW_SAFETY, each.c.average < LOW_AVERAGE)
    return select(each.c.client_id, case((low, 1), else_=0))


def low_result_signal(client_ids: Select, today: date) -> RiskSignalQuery:
    return RiskSignalQuery(
        KIND, low_results(client_ids), lambda _n: _l("Low result in a workplace assessment")
    )
