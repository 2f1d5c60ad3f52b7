"""Core models. Importing this package registers every core table with the metadata."""

from portal.models.audit import AuditEvent
from portal.models.checkpoint import (
    FOCUS_SKILLS,
    ActionOwner,
    Checkpoint,
    CheckpointAction,
    CheckpointSource,
    CoachVisit,
    Decision,
    IntensifiedPlan,
    PlanReviewOutcome,
    VisitStatus,
)
from portal.models.client import (
    Client,
    ClientSensitive,
    Education,
    EmploymentStatus,
    Goal,
    PathwayState,
)
from portal.models.company import Company, CompanyCoach, CompanyStatus
from portal.models.group import Group, group_coaches, group_members
from portal.models.groupwork import Attendance, AttendanceStatus, GroupSession, SessionTopic
from portal.models.jobs import Job, JobState, MailDelivery, Notification, NotificationSetting
from portal.models.messages import AccessibilityFeedback, Invitation, OutboxMessage
from portal.models.outcome import (
    POSITIVE_OUTCOMES,
    FollowUp,
    FollowUpResult,
    JobSearchActivity,
    JobSearchKind,
    JobSearchResult,
    NetworkPartner,
    Outcome,
    OutcomeKind,
    PartnerKind,
    Referral,
    StudyStatus,
)
from portal.models.pathway import (
    CONSENT_WORDING_VERSION,
    Consent,
    ConsentChannel,
    ConsentScope,
    ContactNote,
    PriorLearning,
    StateTransition,
)
from portal.models.placement import Placement, PlacementInterruption, PlacementType
from portal.models.project import DEFAULT_TARGETS, ProjectSettings
from portal.models.review import Review, ReviewAction, ReviewLink, ReviewParty
from portal.models.session import ServerSession
from portal.models.submission import FormSubmission
from portal.models.user import RecoveryCode, Role, TeacherAccess, User

__all__ = [
    "CONSENT_WORDING_VERSION",
    "DEFAULT_TARGETS",
    "FOCUS_SKILLS",
    "POSITIVE_OUTCOMES",
    "AccessibilityFeedback",
    "ActionOwner",
    "Attendance",
    "AttendanceStatus",
    "AuditEvent",
    "Checkpoint",
    "CheckpointAction",
    "CheckpointSource",
    "Client",
    "ClientSensitive",
    "CoachVisit",
    "Company",
    "CompanyCoach",
    "CompanyStatus",
    "Consent",
    "ConsentChannel",
    "ConsentScope",
    "ContactNote",
    "Decision",
    "Education",
    "EmploymentStatus",
    "FollowUp",
    "FollowUpResult",
    "FormSubmission",
    "Goal",
    "Group",
    "GroupSession",
    "IntensifiedPlan",
    "Invitation",
    "Job",
    "JobSearchActivity",
    "JobSearchKind",
    "JobSearchResult",
    "JobState",
    "MailDelivery",
    "NetworkPartner",
    "Notification",
    "NotificationSetting",
    "OutboxMessage",
    "Outcome",
    "OutcomeKind",
    "PartnerKind",
    "PathwayState",
    "Placement",
    "PlacementInterruption",
    "PlacementType",
    "PlanReviewOutcome",
    "PriorLearning",
    "ProjectSettings",
    "RecoveryCode",
    "Referral",
    "Review",
    "ReviewAction",
    "ReviewLink",
    "ReviewParty",
    "Role",
    "ServerSession",
    "SessionTopic",
    "StateTransition",
    "StudyStatus",
    "TeacherAccess",
    "User",
    "VisitStatus",
    "group_coaches",
    "group_members",
]
