"""The plugin's tables of client data, declared for the export, retention and erasure.

The labels and the words for codes are those of the plugin's own pages, for the printable copy.
"""

from __future__ import annotations

from plugins.recognition.forms import (
    CONFIRMATION_LABELS,
    DECIDER_LABELS,
    PARTICIPANT_LABELS,
    STATUS_LABELS,
)
from plugins.recognition.i18n import _l
from plugins.recognition.scales import LEVEL_LABELS
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
            labels={
                "created_at": _l("Recorded"),
                "learner_oid": _l("Learner's OID (oppija-oid)"),
                "study_right_oid": _l("Study right OID (opiskeluoikeus-oid)"),
                "school_oid": _l("School's OID (oppilaitos-oid)"),
                "hoks_approved_on": _l("HOKS first approved on"),
            },
        ),
        PersonalTable(
            table="recognition_plan_units",
            title=_l("Qualification units and decisions"),
            free_text=("decision_reason", "confirmation_comment"),
            codes=("status", "confirmation"),
            order=61,
            labels={
                "status": _l("Status"),
                "points_credited": _l("Competence points credited (partial recognition)"),
                "decided_on": _l("Date of the decision"),
                "decision_reason": _l("Grounds"),
                "confirmation": _l("Education provider"),
                "confirmed_on": _l("Confirmed on"),
                "confirmation_comment": _l("Education provider's comment"),
            },
            values={"status": STATUS_LABELS, "confirmation": CONFIRMATION_LABELS},
        ),
        PersonalTable(
            table="recognition_evidence",
            title=_l("Evidence of competence"),
            free_text=("label", "note"),
            codes=("kind", "ref"),
            order=62,
            labels={
                "kind": _l("Kind of evidence"),
                "ref": _l("Reference"),
                "label": _l("Evidence"),
                "note": _l("Note"),
                "on": _l("Date"),
                "added_at": _l("Recorded"),
            },
        ),
        PersonalTable(
            table="recognition_events",
            title=_l("Recognition history"),
            free_text=("detail",),
            codes=("action", "from_status", "to_status"),
            order=63,
            labels={
                "at": _l("Recorded"),
                "action": _l("Event"),
                "from_status": _l("Earlier status"),
                "to_status": _l("New status"),
                "detail": _l("Details"),
            },
            values={"from_status": STATUS_LABELS, "to_status": STATUS_LABELS},
        ),
        PersonalTable(
            table="recognition_demonstrations",
            title=_l("Competence demonstrations"),
            free_text=("tasks", "teacher_name", "comment", "individual_criteria", "cancel_reason"),
            # Codes of the koodisto lists of who decided and who took part.
            codes=("grade", "decided_by", "discussion"),
            order=64,
            labels={
                "start_date": _l("Starts"),
                "end_date": _l("Ends"),
                "tasks": _l("Work tasks in the demonstration"),
                "teacher_name": _l("Assessor for the education side (coach or teacher)"),
                "individual_criteria": _l("Individual assessment criteria"),
                "cancelled_on": _l("Cancelled on"),
                "cancel_reason": _l("Why it was cancelled"),
                "grade": _l("Grade of the unit"),
                "assessed_on": _l("Date of the assessment"),
                "decided_by": _l("Who decided the assessment"),
                "discussion": _l("Who took part in the assessment discussion"),
                "comment": _l("Comments"),
            },
            values={
                "grade": LEVEL_LABELS,
                "decided_by": DECIDER_LABELS,
                "discussion": PARTICIPANT_LABELS,
            },
        ),
        PersonalTable(
            table="recognition_grades",
            title=_l("Grades of demonstrations"),
            codes=("grade",),
            order=65,
            labels={"grade": _l("Grade"), "assessed_at": _l("Recorded")},
            values={"grade": LEVEL_LABELS},
        ),
    ]
