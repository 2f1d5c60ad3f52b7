"""The plugin's tables of client data, declared for the export, retention and erasure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
        ),
    ]
