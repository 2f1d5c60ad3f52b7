"""The plugin's tables of client data, declared for the export, retention and erasure."""

from __future__ import annotations

from plugins.recognition.i18n import _l
from portal.api import PersonalTable


def personal_tables() -> list[PersonalTable]:
    return [
        PersonalTable(
            table="recognition_plans",
            title=_l("Target qualification"),
            # The young person's and the study right's national identifiers go with the name.
            free_text=("learner_oid", "study_right_oid"),
            codes=("school_oid",),
            order=60,
        ),
        PersonalTable(
            table="recognition_plan_units",
            title=_l("Qualification units and decisions"),
            free_text=("decision_reason", "confirmation_comment"),
            codes=("status", "confirmation"),
            order=61,
        ),
        PersonalTable(
            table="recognition_evidence",
            title=_l("Evidence of competence"),
            free_text=("label", "note"),
            codes=("kind", "ref"),
            order=62,
        ),
        PersonalTable(
            table="recognition_events",
            title=_l("Recognition history"),
            free_text=("detail",),
            codes=("action", "from_status", "to_status"),
            order=63,
        ),
        PersonalTable(
            table="recognition_demonstrations",
            title=_l("Competence demonstrations"),
            free_text=("tasks", "teacher_name", "comment", "individual_criteria", "cancel_reason"),
            # Codes of the koodisto lists of who decided and who took part.
            codes=("grade", "decided_by", "discussion"),
            order=64,
        ),
        PersonalTable(
            table="recognition_grades",
            title=_l("Grades of demonstrations"),
            codes=("grade",),
            order=65,
        ),
    ]
