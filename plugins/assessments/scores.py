"""What the partner companies' feedback and the low-result signal read of an assessment,
counted whenever its answers are written.

The companies' feedback averages every skill score of the supervisors' assessments and shows
the latest things to learn next, and the low-result risk signal reads each young person's
latest scores. They read these columns instead of each answer from the JSON of hundreds of
thousands of assessments per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select, update

from plugins.assessments import definitions
from plugins.assessments.models import Assessment, AssessmentDefinition, Status
from portal.api import Placement

#: A change to any of these may change what the columns say.
READ = ("answers", "definition_id", "status", "filled_by", "placement_id")


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


def says_what_to_learn_next(status: str, filled_by: str, answers: dict[str, Any]) -> bool:
    """A supervisor's submitted end-of-placement assessment (it says whether they would hire)
    that names something to learn next: the companies' feedback shows it."""
    return (
        status == Status.SUBMITTED
        and filled_by == "supervisor"
        and answers.get("would_hire") is not None
        and answers.get("learn_next") not in (None, "")
    )


def _count(_mapper, connection, target: Assessment) -> None:
    """Before an assessment is written with new answers (or another form version, status or
    placement), what it says: whichever code writes the answers, the columns say what they
    hold."""
    state = inspect(target)
    if state.persistent and not any(
        getattr(state.attrs, name).history.has_changes() for name in READ
    ):
        return
    content = connection.scalar(
        select(AssessmentDefinition.content).where(AssessmentDefinition.id == target.definition_id)
    )
    answers = target.answers or {}
    for name, value in scores(content or {"sections": []}, answers).columns().items():
        setattr(target, name, value)
    company = None
    if target.placement_id is not None and says_what_to_learn_next(
        target.status, target.filled_by, answers
    ):
        company = connection.scalar(
            select(Placement.company_id).where(Placement.id == target.placement_id)
        )
    target.learn_next_company_id = company


event.listen(Assessment, "before_insert", _count)
event.listen(Assessment, "before_update", _count)


@event.listens_for(Placement, "after_update")
def _company_changed(_mapper, connection, target: Placement) -> None:
    """A placement moved to another company takes its assessments' "what to learn next" with
    it, as its counts go with it (the placement's young person's shares are rewritten)."""
    if not inspect(target).attrs.company_id.history.has_changes():
        return
    connection.execute(
        update(Assessment)
        .where(Assessment.placement_id == target.id, Assessment.learn_next_company_id.is_not(None))
        .values(learn_next_company_id=target.company_id)
    )
