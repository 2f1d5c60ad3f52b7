"""What the core's tables of client data hold: the declaration the export, the retention job
and erasure work from (plugins declare theirs through ``portal_personal_data``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from portal.access.access_log import WHY
from portal.app.extensions import db
from portal.esf.forms import ANSWER_CHOICES, FACT_CHOICES, GENDER_CHOICES, ISCED_CHOICES
from portal.hooks.manager import collect
from portal.hooks.personal_data import PersonalTable
from portal.models import labels as words
from portal.notify.service import KINDS as NOTIFICATION_KINDS
from portal.pathway.forms import DIRECTION_CHOICES
from portal.privacy.fields import FIELDS
from portal.reports import quality

log = logging.getLogger(__name__)

OTHER_PERSON = _l("Another person's contact details.")
SECRET = _l("A security credential.")
COUNTED = _l(
    "Which figure of the statistics you add to (for example your stage or your result). "
    "The statistics show only totals of at least five people."
)


def _choices(choices: Iterable[SelectChoice]) -> Mapping[str, Any]:
    """A form's options as words for the codes it stores."""
    return {choice.value: choice.label for choice in choices}


_FACT = _choices(FACT_CHOICES)
_ANSWER = _choices(ANSWER_CHOICES)

#: The audit trail is append-only (the database refuses changes): it is never anonymised or
#: erased. It holds no names: actions and purposes are short codes and phrases staff choose.
APPEND_ONLY = frozenset({"audit_events"})

CORE_TABLES = (
    PersonalTable(
        table="clients",
        title=_l("Basic information"),
        free_text=(
            "first_name",
            "last_name",
            "email",
            "phone",
            "municipality",
            "referral_source",
            "preferred_fields",
            "work_history",
        ),
        codes=(
            "highest_education",
            "goal",
            "employment_status",
            "state",
            "gender",
            "isced_level",
            "rural_area",
        ),
        order=1,
        labels=FIELDS["clients"],
        values={
            "highest_education": words.EDUCATION_LABELS,
            "goal": words.GOAL_LABELS,
            "employment_status": words.EMPLOYMENT_LABELS,
            "state": words.STATE_LABELS,
            "gender": _choices(GENDER_CHOICES),
            "isced_level": _choices(ISCED_CHOICES),
            "rural_area": _FACT,
        },
    ),
    PersonalTable(
        table="client_sensitive",
        title=_l("Support needs and language"),
        sensitive=("learning_difficulties", "support_needs", "native_language", "finnish_level"),
        # ESF+ answers at entry: the funder's retention duty keeps them for the reports.
        codes=(
            "disability",
            "third_country_national",
            "foreign_background",
            "minority",
            "homeless",
        ),
        order=2,
        labels=FIELDS["client_sensitive"],
        values=dict.fromkeys(
            ("disability", "third_country_national", "foreign_background", "minority", "homeless"),
            _ANSWER,
        ),
    ),
    PersonalTable(
        table="consents",
        title=_l("Consents"),
        sensitive=("shared_text",),
        codes=("scope", "channel", "wording_version"),
        order=3,
        labels=FIELDS["consents"],
        values={"scope": words.CONSENT_LABELS, "channel": words.CONSENT_CHANNEL_LABELS},
    ),
    PersonalTable(
        table="teacher_access",
        title=_l("Teacher (education provider)"),
        labels=FIELDS["teacher_access"],
    ),
    PersonalTable(
        table="state_transitions",
        title=_l("Phase history"),
        free_text=("reason",),
        codes=("from_state", "to_state"),
        order=4,
        labels=FIELDS["state_transitions"],
        values={
            "from_state": words.STATE_LABELS,
            "to_state": words.STATE_LABELS,
            "reason": words.TRANSITION_REASONS,
        },
    ),
    PersonalTable(
        table="prior_learning",
        title=_l("Prior learning"),
        free_text=("what", "where", "duration", "evidence"),
        order=5,
        labels=FIELDS["prior_learning"],
    ),
    PersonalTable(
        table="client_search_terms",
        title=_l("Words you can be found by in the search"),
        free_text=("term",),
        order=22,
        labels=FIELDS["client_search_terms"],
    ),
    PersonalTable(table="group_members", title=_l("Groups"), order=6),
    PersonalTable(
        table="attendance",
        title=_l("Attendance"),
        codes=("status",),
        order=7,
        labels=FIELDS["attendance"],
        values={"status": words.ATTENDANCE_LABELS},
    ),
    PersonalTable(
        table="contact_notes",
        title=_l("Contacts"),
        free_text=("summary",),
        codes=("channel",),
        order=8,
        labels=FIELDS["contact_notes"],
        values={"channel": words.CHANNEL_LABELS},
    ),
    PersonalTable(
        table="placements",
        title=_l("Workplace coaching"),
        free_text=("tasks", "length_reason", "next_step", "end_reason"),
        codes=("kind",),
        order=9,
        labels=FIELDS["placements"],
        values={"kind": words.PLACEMENT_TYPE_LABELS},
    ),
    PersonalTable(
        table="placement_interruptions",
        title=_l("Breaks in a placement"),
        free_text=("reason",),
        order=10,
        labels=FIELDS["placement_interruptions"],
    ),
    PersonalTable(
        table="reviews",
        title=_l("Reviews"),
        free_text=(
            "agenda",
            "notes",
            "difficulties",
            "coach_notes",
            "supervisor_confirmed_name",
            "cancel_reason",
        ),
        order=11,
        labels=FIELDS["reviews"],
    ),
    PersonalTable(
        table="review_actions",
        title=_l("Actions agreed at reviews"),
        free_text=("description",),
        codes=("owner",),
        order=12,
        labels=FIELDS["review_actions"],
        values={"owner": words.REVIEW_PARTY_LABELS},
    ),
    PersonalTable(
        table="review_links",
        title=_l("Review confirmation links"),
        free_text=("email",),
        codes=("token_hash",),
        withheld={"email": OTHER_PERSON, "token_hash": SECRET},
        order=13,
        labels=FIELDS["review_links"],
    ),
    PersonalTable(
        table="checkpoints",
        title=_l("Check Points"),
        free_text=("difficulty", "reassessment", "no_reassessment_reason", "decision_notes"),
        codes=("source", "signal", "decision"),
        order=14,
        labels=FIELDS["checkpoints"],
        values={
            "source": words.SOURCE_LABELS,
            "signal": words.SIGNAL_LABELS,
            "decision": words.DECISION_LABELS,
        },
    ),
    PersonalTable(
        table="checkpoint_actions",
        title=_l("Check Point actions"),
        free_text=("description", "owner"),
        codes=("owner_kind",),
        order=15,
        labels=FIELDS["checkpoint_actions"],
        values={"owner_kind": words.ACTION_OWNER_LABELS},
    ),
    PersonalTable(
        table="intensified_plans",
        title=_l("Intensified coaching plans"),
        free_text=("review_notes",),
        codes=("focus_skill", "review_outcome"),
        order=16,
        labels=FIELDS["intensified_plans"],
        values={
            "focus_skill": words.SKILL_LABELS,
            "review_outcome": words.PLAN_REVIEW_LABELS,
        },
    ),
    PersonalTable(
        table="coach_visits",
        title=_l("Visits"),
        free_text=("note", "missed_reason"),
        codes=("status",),
        order=17,
        labels=FIELDS["coach_visits"],
        values={"status": words.VISIT_STATUS_LABELS},
    ),
    PersonalTable(
        table="job_search_activities",
        title=_l("Job search"),
        free_text=("organisation", "position", "notes"),
        codes=("kind", "result"),
        order=18,
        labels=FIELDS["job_search_activities"],
        values={"kind": words.JOB_KIND_LABELS, "result": words.JOB_RESULT_LABELS},
    ),
    PersonalTable(
        table="referrals",
        title=_l("Referrals"),
        free_text=("reason", "result"),
        codes=("direction",),
        order=19,
        labels=FIELDS["referrals"],
        values={"direction": _choices(DIRECTION_CHOICES)},
    ),
    PersonalTable(
        table="outcomes",
        title=_l("Outcome"),
        free_text=("employer_name", "field", "school", "programme", "details"),
        codes=("kind", "study_status", "qualification_gained", "job_searching"),
        order=20,
        labels=FIELDS["outcomes"],
        values={
            "kind": words.OUTCOME_LABELS,
            "study_status": words.STUDY_STATUS_LABELS,
            "qualification_gained": _FACT,
            "job_searching": _FACT,
        },
    ),
    PersonalTable(
        table="follow_ups",
        title=_l("Follow-ups"),
        free_text=("notes",),
        codes=("result", "improved_situation"),
        order=21,
        labels=FIELDS["follow_ups"],
        values={"result": words.FOLLOW_UP_LABELS, "improved_situation": _FACT},
    ),
    PersonalTable(
        table="worklist_marks",
        title=_l("Coaches' worklist notes"),
        free_text=("reason",),
        codes=("kind", "state"),
        order=22,
        labels=FIELDS["worklist_marks"],
        values={"state": words.MARK_STATE_LABELS},
    ),
    PersonalTable(
        table="distance_rounds",
        title=_l("Distance travelled: your own ratings"),
        codes=("kind", "filled_by"),
        order=23,
        labels=FIELDS["distance_rounds"],
        values={"kind": words.DISTANCE_ROUND_LABELS},
    ),
    PersonalTable(
        table="notifications",
        title=_l("Notifications about you sent to staff"),
        codes=("kind", "link"),
        order=24,
        labels=FIELDS["notifications"],
        values={"kind": NOTIFICATION_KINDS},
    ),
    PersonalTable(
        table="attachments",
        title=_l("Photos and files"),
        free_text=("caption",),
        codes=("target_kind", "content_type", "sha256", "storage_key"),
        withheld={"storage_key": _l("An internal file name; the files are on your data page.")},
        order=25,
        labels=FIELDS["attachments"],
    ),
    PersonalTable(
        table="client_checks",
        title=_l("What your coach still has to fill in or correct in your record"),
        order=26,
        labels={
            **FIELDS["client_checks"],
            **{check.key: check.label for check in quality.CHECKS},
        },
    ),
    PersonalTable(
        table="figure_rows",
        title=_l("The project's statistics you are counted in"),
        order=27,
        codes=("part", "k2"),
        labels=FIELDS["figure_rows"],
        withheld={
            name: COUNTED for name in ("part", "k1", "k2", "v1", "v2", "v3", "v4", "v5", "v6")
        },
    ),
    PersonalTable(
        table="audit_events",
        title=_l("Who handled your information and why"),
        codes=("action", "outcome", "object_type", "purpose", "ip", "actor_role"),
        withheld={"ip": _l("The network address of the person who acted.")},
        order=200,
        labels=FIELDS["audit_events"],
        values={"actor_role": words.ROLE_LABELS, "purpose": WHY},
    ),
)


def personal_tables() -> list[PersonalTable]:
    """The core's declarations and those of every loaded plugin, in export order.

    A declaration of a table the schema does not have is logged and left out.
    """
    known = []
    for declared in [*CORE_TABLES, *collect("portal_personal_data")]:
        if declared.table in db.metadata.tables:
            known.append(declared)
        else:
            log.warning("portal_personal_data: no table %s", declared.table)
    return sorted(known, key=lambda t: t.order)
