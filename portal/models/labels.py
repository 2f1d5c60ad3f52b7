"""The words people see for every stored code: the one place forms, templates and reports read.

Each map goes from a stored value (an enum member, which is also its string) to a lazily
translated label, so a map built at import time still speaks the language of each request.
Templates read them through the ``label`` filter (``{{ client.state|label("state") }}``) and
the ``labels`` global (the whole map, e.g. to list the options of a select by hand).
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import SelectChoice

from portal.models import (
    ActionOwner,
    AttendanceStatus,
    CheckpointSource,
    CompanyStatus,
    ConsentChannel,
    ConsentScope,
    Decision,
    Education,
    EmploymentStatus,
    FollowUpResult,
    Goal,
    JobSearchKind,
    JobSearchResult,
    JobState,
    MarkState,
    OutcomeKind,
    PartnerKind,
    PathwayState,
    PlacementType,
    PlanReviewOutcome,
    ReviewParty,
    Role,
    RoundKind,
    SessionTopic,
    StudyStatus,
    VisitStatus,
)

STATE_LABELS = {
    PathwayState.REFERRED: _l("Referred"),
    PathwayState.INTAKE: _l("Intake"),
    PathwayState.ATTITUDE_TRAINING: _l("Attitude Training"),
    PathwayState.WORKPLACE_COACHING: _l("Workplace coaching"),
    PathwayState.CHECKPOINT: _l("Check Point"),
    PathwayState.PATHWAY: _l("Further pathway"),
    PathwayState.FOLLOW_UP: _l("Follow-up"),
    PathwayState.CLOSED: _l("Closed"),
}
ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COACH: _l("Coach"),
    Role.EMPLOYER: _l("Employer (workplace supervisor)"),
    Role.CLIENT: _l("Client"),
    Role.TEACHER: _l("Teacher (education provider)"),
    Role.PROJECT_MANAGER: _l("Project manager"),
}
COMPANY_STATUS_LABELS = {
    CompanyStatus.PROSPECT: _l("Prospect"),
    CompanyStatus.ACTIVE: _l("Active partner"),
    CompanyStatus.PAUSED: _l("Paused"),
    CompanyStatus.ENDED: _l("Partnership ended"),
}
EDUCATION_LABELS = {
    Education.NONE: _l("No completed basic education"),
    Education.BASIC: _l("Basic education"),
    Education.UPPER_SECONDARY_GENERAL: _l("General upper secondary"),
    Education.VOCATIONAL: _l("Vocational upper secondary"),
    Education.HIGHER: _l("Higher education"),
    Education.FOREIGN: _l("Education abroad"),
}
GOAL_LABELS = {
    Goal.EMPLOYMENT: _l("Employment"),
    Goal.STUDY: _l("Studies"),
    Goal.UNCLEAR: _l("Not clear yet"),
}
EMPLOYMENT_LABELS = {
    EmploymentStatus.UNEMPLOYED: _l("Unemployed"),
    EmploymentStatus.LONG_TERM_UNEMPLOYED: _l("Long-term unemployed (over 12 months)"),
    EmploymentStatus.INACTIVE: _l("Outside the labour force"),
    EmploymentStatus.IN_EDUCATION: _l("In education"),
    EmploymentStatus.EMPLOYED: _l("Employed"),
    EmploymentStatus.UNKNOWN: _l("Unknown"),
}
PLACEMENT_TYPE_LABELS = {
    PlacementType.WORKPLACE_COACHING: _l("Workplace coaching"),
    PlacementType.WORK_TRIAL: _l("Work trial"),
    PlacementType.EMPLOYMENT: _l("Employment"),
}
DECISION_LABELS = {
    Decision.CONTINUE_INTENSIFIED: _l("Continue with intensified coaching"),
    Decision.CHANGE_PLACEMENT: _l("Change placement"),
    Decision.PAUSE: _l("Pause"),
    Decision.REFER: _l("Refer to another service"),
    Decision.EXIT: _l("Exit the project"),
}
#: A decision told to the young person in plain language (their own Check Point page).
DECISION_PLAIN_LABELS = {
    Decision.CONTINUE_INTENSIFIED: _l(
        "You continue at your workplace, and your coach supports you more closely for a while."
    ),
    Decision.CHANGE_PLACEMENT: _l("You and your coach look for a new workplace together."),
    Decision.PAUSE: _l("Your coaching has a short pause. Your coach tells you how to go on."),
    Decision.REFER: _l("Your coach helps you on to another service that suits you better."),
    Decision.EXIT: _l("Your time in workplace coaching ends here."),
}
#: The core's risk signals (``RiskSignal.kind``, kept as ``Checkpoint.signal``).
SIGNAL_LABELS = {
    "absences": _l("Two unexcused absences in a row"),
    "no_contact": _l("No contact for 14 days"),
    "no_next_step": _l("Placement ends within 7 days with no next step"),
}
#: Whether a Check Point is still to be decided: a status, not the verb "open".
CHECKPOINT_STATUS_LABELS = {
    "open": lazy_pgettext("status", "Open"),
    "closed": lazy_pgettext("status", "Closed"),
}
#: Why a move made by the work happened (``StateTransition.reason`` of automatic moves).
TRANSITION_REASON_LABELS = {
    "group_started": _l("joined a group whose Attitude Training has started"),
    "placement_started": _l("the placement started"),
    "placement_completed": _l("the placement ended as planned"),
    "follow_ups_recorded": _l("the follow-ups were recorded"),
}
#: How a placement ended, as the end form offers it: as planned, or early as a success.
PLACEMENT_ENDING_LABELS = {
    "as_planned": _l("As planned"),
    OutcomeKind.EMPLOYED_COACHING_COMPANY: _l("Hired by this company"),
    OutcomeKind.EMPLOYED_SAME_FIELD: _l("Hired by another company in the same field"),
    OutcomeKind.EMPLOYED_OTHER_FIELD: _l("Hired in another field"),
    OutcomeKind.STUDY_PLACE: _l("Got a study place"),
}
SOURCE_LABELS = {
    CheckpointSource.COACH: _l("opened by the coach"),
    CheckpointSource.SUPERVISOR: _l("concern raised by the workplace supervisor"),
    CheckpointSource.RISK_SIGNAL: _l("suggested by a risk signal"),
}
ACTION_OWNER_LABELS = {
    ActionOwner.COACH: _l("Coach"),
    ActionOwner.CLIENT: _l("The young person"),
    ActionOwner.SUPERVISOR: _l("Workplace supervisor"),
    ActionOwner.OTHER: _l("Someone else"),
}
#: The working-life skills (``FOCUS_SKILLS``), worded as the assessment forms word them.
SKILL_LABELS = {
    "punctuality": _l("Punctuality and attendance"),
    "safety": _l("Safety at work"),
    "instructions": _l("Following instructions"),
    "cooperation": _l("Cooperation"),
    "initiative": _l("Initiative"),
    "customer_service": _l("Customer service"),
    "quality": _l("Quality of work"),
    "learning": _l("Learning new tasks"),
}
VISIT_STATUS_LABELS = {
    VisitStatus.PLANNED: _l("Planned"),
    VisitStatus.DONE: _l("Done"),
    VisitStatus.MISSED: _l("Missed"),
    VisitStatus.CANCELLED: _l("Cancelled"),
}
PLAN_REVIEW_LABELS = {
    PlanReviewOutcome.CONTINUE: _l("Continue intensified coaching"),
    PlanReviewOutcome.END: _l("End intensified coaching"),
    PlanReviewOutcome.NEW_CHECKPOINT: _l("Open a new Check Point"),
}
OUTCOME_LABELS = {
    OutcomeKind.EMPLOYED_COACHING_COMPANY: _l("Employed by the coaching company"),
    OutcomeKind.EMPLOYED_SAME_FIELD: _l("Employed in the same field at another company"),
    OutcomeKind.EMPLOYED_OTHER_FIELD: _l("Employed in another field"),
    OutcomeKind.STUDY_PLACE: _l("Study place"),
    OutcomeKind.WORK_TRIAL: _l("Work trial"),
    OutcomeKind.REFERRED: _l("Referred to other services"),
    OutcomeKind.OTHER: _l("Other"),
}
STUDY_STATUS_LABELS = {
    StudyStatus.APPLIED: _l("Applied"),
    StudyStatus.ACCEPTED: _l("Accepted"),
    StudyStatus.STARTED: _l("Started"),
}
FOLLOW_UP_LABELS = {
    FollowUpResult.EMPLOYED: _l("Employed"),
    FollowUpResult.STUDYING: _l("Studying"),
    FollowUpResult.UNEMPLOYED: _l("Unemployed"),
    FollowUpResult.BACK_IN_SERVICES: _l("Back in the city's services"),
    FollowUpResult.NOT_REACHED: _l("Not reached"),
}
JOB_KIND_LABELS = {
    JobSearchKind.APPLICATION: _l("Job application"),
    JobSearchKind.INTERVIEW: _l("Job interview"),
    JobSearchKind.STUDY_APPLICATION: _l("Study application"),
    JobSearchKind.OTHER: _l("Other"),
}
JOB_RESULT_LABELS = {
    JobSearchResult.PENDING: _l("Waiting for an answer"),
    JobSearchResult.INTERVIEW: _l("Invited to an interview"),
    JobSearchResult.OFFER: _l("Got an offer"),
    JobSearchResult.REJECTED: _l("Not chosen"),
    JobSearchResult.ACCEPTED: _l("Accepted"),
}
CONSENT_LABELS = {
    ConsentScope.INTAKE_SUMMARY: _l("Share prior learning and goals with the employer"),
    ConsentScope.SUPPORT_TEXT: _l("Share the support agreed with the coach (the text below)"),
    ConsentScope.LANGUAGE_SUPPORT: _l("Tell the employer that language support is needed"),
}
#: How a consent was given (``Consent.channel``).
CONSENT_CHANNEL_LABELS = {
    ConsentChannel.IN_PERSON: _l("Given to the coach in person"),
    ConsentChannel.PAPER: _l("On a signed paper form"),
    ConsentChannel.PORTAL: _l("In Polku"),
}
SESSION_TOPIC_LABELS = {
    SessionTopic.WORKING_LIFE_SKILLS: _l("Working-life skills"),
    SessionTopic.COMPANY_VISIT: _l("Visit to a partner company"),
    SessionTopic.JOB_SEARCH: _l("Job search"),
    SessionTopic.OTHER: _l("Other"),
}
ATTENDANCE_LABELS = {
    AttendanceStatus.PRESENT: _l("Present"),
    AttendanceStatus.EXCUSED: _l("Excused"),
    AttendanceStatus.ABSENT: _l("Absent"),
}
PARTNER_KIND_LABELS = {
    PartnerKind.OHJAAMO: _l("Youth guidance centre Ohjaamo"),
    PartnerKind.EMPLOYMENT_SERVICES: _l("Employment services"),
    PartnerKind.SOCIAL_HEALTH: _l("Social and health services"),
    PartnerKind.SCHOOL: _l("School"),
    PartnerKind.OTHER: _l("Other"),
}
#: How a coach was in contact (``ContactNote.channel``).
CHANNEL_LABELS = {
    "meeting": _l("Meeting"),
    "phone": _l("Phone call"),
    "message": _l("Message"),
    "workplace": _l("Visit at the workplace"),
}
#: The headline figures of the dashboard (``Kpi.key``).
KPI_LABELS = {
    "clients": _l("Clients"),
    "immigrant_share": _l("Immigrant background (%)"),
    "employed_or_studying": _l("Employed or studying after taking part (%)"),
}
#: What became of a plugin at start-up (``PluginInfo.state``).
PLUGIN_STATE_LABELS = {
    "loaded": _l("in use"),
    "disabled": _l("switched off"),
    "failed": _l("failed to load"),
}
#: The funder report's categories, in the wording of EU social-fund (ESF+) participant data:
#: age bands, ISCED levels, labour-market status, results upon leaving and six months after.
#: Where a category is also a stored code, its ESF+ wording differs from the intake form's.
ESF_LABELS = {
    "under_18": _l("Under 18"),
    "18_24": _l("18–24"),
    "25_29": _l("25–29"),
    "30_plus": _l("30 or over"),
    "isced_0_2": _l("ISCED 0–2 (basic education at most)"),
    "isced_3_4": _l("ISCED 3–4 (upper secondary)"),
    "isced_5_8": _l("ISCED 5–8 (tertiary)"),
    "unknown": _l("Unknown"),
    EmploymentStatus.UNEMPLOYED: _l("Unemployed"),
    EmploymentStatus.LONG_TERM_UNEMPLOYED: _l("Long-term unemployed"),
    EmploymentStatus.INACTIVE: _l("Inactive"),
    EmploymentStatus.IN_EDUCATION: _l("In education"),
    EmploymentStatus.EMPLOYED: _l("Employed"),
    "migrant": _l("Migrant or foreign background"),
    "not_migrant": _l("No migrant background"),
    "in_employment": _l("In employment"),
    "in_education_or_training": _l("In education or training"),
    "job_searching": _l("Job searching"),
    "referred_to_services": _l("Referred to other services"),
    "not_left": _l("Not left yet"),
    FollowUpResult.EMPLOYED: _l("In employment"),
    FollowUpResult.STUDYING: _l("In education"),
    FollowUpResult.UNEMPLOYED: _l("Unemployed"),
    FollowUpResult.BACK_IN_SERVICES: _l("Back in the city's services"),
    FollowUpResult.NOT_REACHED: _l("Not reached"),
    "not_followed_up": _l("Not followed up yet"),
}

#: When a distance-travelled self-assessment is taken (``DistanceRound.kind``).
DISTANCE_ROUND_LABELS = {
    RoundKind.ENTRY: _l("At entry"),
    RoundKind.CHECKPOINT: _l("At a Check Point"),
    RoundKind.EXIT: _l("At exit"),
}

#: Where a background job is (``Job.state``).
JOB_STATE_LABELS = {
    JobState.QUEUED: _l("Queued"),
    JobState.RUNNING: _l("Running"),
    JobState.DONE: _l("Done"),
    JobState.FAILED: _l("Failed"),
}

#: A user's mark on a worklist item (``WorklistMark.state``).
MARK_STATE_LABELS = {
    MarkState.DONE: _l("Done"),
    MarkState.SNOOZED: _l("Snoozed"),
}

#: Who owns a review's action (``ReviewAction.owner``).
REVIEW_PARTY_LABELS = {
    ReviewParty.COACH: _l("Coach"),
    ReviewParty.CLIENT: _l("Young person"),
    ReviewParty.SUPERVISOR: _l("Workplace supervisor"),
}

#: Every map by the name templates use for it.
LABEL_SETS: dict[str, Mapping[str, object]] = {
    "action_owner": ACTION_OWNER_LABELS,
    "attendance": ATTENDANCE_LABELS,
    "checkpoint_status": CHECKPOINT_STATUS_LABELS,
    "channel": CHANNEL_LABELS,
    "company_status": COMPANY_STATUS_LABELS,
    "consent": CONSENT_LABELS,
    "consent_channel": CONSENT_CHANNEL_LABELS,
    "decision": DECISION_LABELS,
    "decision_plain": DECISION_PLAIN_LABELS,
    "distance_round": DISTANCE_ROUND_LABELS,
    "education": EDUCATION_LABELS,
    "ending": PLACEMENT_ENDING_LABELS,
    "employment": EMPLOYMENT_LABELS,
    "esf": ESF_LABELS,
    "follow_up": FOLLOW_UP_LABELS,
    "goal": GOAL_LABELS,
    "job_state": JOB_STATE_LABELS,
    "mark_state": MARK_STATE_LABELS,
    "job_kind": JOB_KIND_LABELS,
    "job_result": JOB_RESULT_LABELS,
    "kpi": KPI_LABELS,
    "outcome": OUTCOME_LABELS,
    "partner_kind": PARTNER_KIND_LABELS,
    "placement_type": PLACEMENT_TYPE_LABELS,
    "plan_review": PLAN_REVIEW_LABELS,
    "plugin_state": PLUGIN_STATE_LABELS,
    "review_party": REVIEW_PARTY_LABELS,
    "role": ROLE_LABELS,
    "session_topic": SESSION_TOPIC_LABELS,
    "signal": SIGNAL_LABELS,
    "skill": SKILL_LABELS,
    "source": SOURCE_LABELS,
    "state": STATE_LABELS,
    "study_status": STUDY_STATUS_LABELS,
    "transition_reason": TRANSITION_REASON_LABELS,
    "visit_status": VISIT_STATUS_LABELS,
}


def labels(kind: str) -> Mapping[str, object]:
    """The map called ``kind``; a name that is not here is a programming error (KeyError)."""
    return LABEL_SETS[kind]


def label(value: str | None, kind: str) -> object:
    """The words for ``value``; an unknown value is shown as it is stored, a missing one as ""."""
    return labels(kind).get(value, value or "")


#: The codes a move's reason holds: automatic moves, Check Point decisions and outcomes.
TRANSITION_REASONS = ChainMap(TRANSITION_REASON_LABELS, DECISION_LABELS, OUTCOME_LABELS)


def transition_reason(reason: str) -> object:
    """The words for a move's reason; a coach's own reason is shown as written."""
    return TRANSITION_REASONS.get(reason, reason)


def choices(mapping: Mapping[str, object]) -> list[tuple[str, object]]:
    """A select field's options from a label map, in the map's order."""
    return [SelectChoice(str(key), text) for key, text in mapping.items()]
