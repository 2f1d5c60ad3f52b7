"""Core models. Importing this package registers every core table with the metadata."""

from portal.models.api_token import ApiToken
from portal.models.attachment import Attachment
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
    Person,
)
from portal.models.company import Company, CompanyCoach, CompanyStatus
from portal.models.deadlines import QualityReminder
from portal.models.distance import DistanceRound, RoundKind
from portal.models.figures import FigureCount, FigureRow
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
from portal.models.project import (
    DEFAULT_REMIND_DAYS,
    DEFAULT_TARGETS,
    Organisation,
    Project,
    project_coaches,
    project_companies,
)
from portal.models.quality import CheckCounts, ClientChecks
from portal.models.review import Review, ReviewAction, ReviewLink, ReviewParty
from portal.models.search import ClientSearchTerm
from portal.models.session import ServerSession
from portal.models.submission import FormSubmission
from portal.models.user import RecoveryCode, Role, TeacherAccess, User
from portal.models.webhook import Webhook, WebhookDelivery
from portal.models.worklist import MarkState, WorklistMark

__all__ = [
    "CONSENT_WORDING_VERSION",
    "DEFAULT_REMIND_DAYS",
    "DEFAULT_TARGETS",
    "FOCUS_SKILLS",
    "POSITIVE_OUTCOMES",
    "AccessibilityFeedback",
    "ActionOwner",
    "ApiToken",
    "Attachment",
    "Attendance",
    "AttendanceStatus",
    "AuditEvent",
    "CheckCounts",
    "Checkpoint",
    "CheckpointAction",
    "CheckpointSource",
    "Client",
    "ClientChecks",
    "ClientSearchTerm",
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
    "DistanceRound",
    "Education",
    "EmploymentStatus",
    "FigureCount",
    "FigureRow",
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
    "MarkState",
    "NetworkPartner",
    "Notification",
    "NotificationSetting",
    "Organisation",
    "OutboxMessage",
    "Outcome",
    "OutcomeKind",
    "PartnerKind",
    "PathwayState",
    "Person",
    "Placement",
    "PlacementInterruption",
    "PlacementType",
    "PlanReviewOutcome",
    "PriorLearning",
    "Project",
    "QualityReminder",
    "RecoveryCode",
    "Referral",
    "Review",
    "ReviewAction",
    "ReviewLink",
    "ReviewParty",
    "Role",
    "RoundKind",
    "ServerSession",
    "SessionTopic",
    "StateTransition",
    "StudyStatus",
    "TeacherAccess",
    "User",
    "VisitStatus",
    "Webhook",
    "WebhookDelivery",
    "WorklistMark",
    "group_coaches",
    "group_members",
    "project_coaches",
    "project_companies",
]
