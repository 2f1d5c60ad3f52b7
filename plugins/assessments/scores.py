"""The skill scores of an assessment, counted whenever its answers are written.

The partner companies' feedback averages every skill score of the supervisors' assessments, and
the low-result risk signal reads each young person's latest one. Both read these columns
instead of each answer from the JSON of hundreds of thousands of assessments per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select

from plugins.assessments import definitions
from plugins.assessments.models import Assessment, AssessmentDefinition


@dataclass(frozen=True)
class Scores:
    #: The sum and the number of the answers to scale questions that name a skill.
    total: int = 0
    count: int = 0
    #: The lowest answer to a "safety" skill question, if any.
    safety: int | None = None

    def columns(self) -> dict[str, Any]:
        return {"skill_total": self.total, "skill_count": self.count, "safety": self.safety}


def scores(content: dict[str, Any], answers: dict[str, Any]) -> Scores:
    """The skill scores of ``answers`` to the form ``content``."""
    total, count, safety = 0, 0, None
    for spec in definitions.fields_of(content):
        if spec["kind"] != "scale" or not spec.get("skill"):
            continue
        try:
            value = int(answers[spec["key"]])
        except (KeyError, TypeError, ValueError):
            continue
        total, count = total + value, count + 1
        if spec["skill"] == "safety":
            safety = value if safety is None else min(safety, value)
    return Scores(total, count, safety)


def _count(_mapper, connection, target: Assessment) -> None:
    """Before an assessment is written with new answers (or another form version), its
    scores: whichever code writes the answers, the columns say what they hold."""
    state = inspect(target)
    if state.persistent and not (
        state.attrs.answers.history.has_changes() or state.attrs.definition_id.history.has_changes()
    ):
        return
    content = connection.scalar(
        select(AssessmentDefinition.content).where(AssessmentDefinition.id == target.definition_id)
    )
    found = scores(content or {"sections": []}, target.answers or {})
    for name, value in found.columns().items():
        setattr(target, name, value)


event.listen(Assessment, "before_insert", _count)
event.listen(Assessment, "before_update", _count)
