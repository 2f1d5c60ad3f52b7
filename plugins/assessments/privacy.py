"""The plugin's tables of client data, declared for the export, retention and erasure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plugins.assessments.forms import FILLER_LABELS, OCCASION_LABELS, STATUS_LABELS
from plugins.assessments.i18n import _l
from portal.api import PersonalTable, collect


def score_keys() -> set[str]:
    """Answer keys that hold a scale, choice or yes/no value in every form that has them."""
    fields = [
        field
        for form in collect("portal_assessment_forms")
        for section in form.sections
        for field in section.fields
    ]
    text = {field.key for field in fields if field.kind == "text"}
    return {field.key for field in fields if field.kind != "text"} - text


def keep_scores() -> Callable[[Any], Any]:
    """Anonymisation keeps the scores the results and reports count, never written answers;
    keys no current form knows are dropped too (they may have been free text)."""
    keys: set[str] | None = None

    def scrub(answers: Any) -> Any:
        nonlocal keys
        if keys is None:
            keys = score_keys()
        return {key: value for key, value in (answers or {}).items() if key in keys}

    return scrub


def personal_tables() -> list[PersonalTable]:
    return [
        PersonalTable(
            table="assessments",
            title=_l("Assessments"),
            free_text=("respondent", "amend_reason"),
            codes=("form_key", "filled_by", "occasion", "status"),
            scrub={"answers": keep_scores()},
            order=50,
            labels={
                "form_key": _l("Form"),
                "filled_by": _l("Filled in by"),
                "occasion": _l("Occasion"),
                "due_on": _l("Due"),
                "status": _l("Status"),
                "answers": _l("Answers"),
                "submitted_at": _l("Submitted"),
                "respondent": _l("Answered by"),
                "amend_reason": _l("Why it was amended"),
                "skill_total": _l("Skill scores added up"),
                "skill_count": _l("Skill scores given"),
                "safety": _l("Safety score"),
                "reminders_sent": _l("Reminders sent"),
                "last_reminder_on": _l("Last reminder"),
                "created_at": _l("Recorded"),
            },
            values={
                "filled_by": FILLER_LABELS,
                "occasion": OCCASION_LABELS,
                "status": STATUS_LABELS,
            },
        ),
        PersonalTable(
            table="assessments_links",
            title=_l("Assessment links sent to supervisors"),
            free_text=("email",),
            codes=("token_hash",),
            withheld={
                "email": _l("Another person's contact details."),
                "token_hash": _l("A security credential."),
            },
            order=51,
            labels={
                "token_hash": _l("Link code"),
                "email": _l("Email"),
                "created_at": _l("Recorded"),
                "expires_at": _l("Valid until"),
                "used_at": _l("Used"),
            },
        ),
    ]
