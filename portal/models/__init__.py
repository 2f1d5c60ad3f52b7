"""Core models. Importing this package registers every core table with the metadata."""

from portal.models.audit import AuditEvent
from portal.models.client import Client, ClientSensitive, Education, Goal, PathwayState
from portal.models.company import Company, CompanyStatus
from portal.models.group import Group, group_coaches, group_members
from portal.models.messages import AccessibilityFeedback, Invitation, OutboxMessage
from portal.models.placement import Placement, PlacementType
from portal.models.session import ServerSession
from portal.models.user import Role, User

__all__ = [
    "AccessibilityFeedback",
    "AuditEvent",
    "Client",
    "ClientSensitive",
    "Company",
    "CompanyStatus",
    "Education",
    "Goal",
    "Group",
    "Invitation",
    "OutboxMessage",
    "PathwayState",
    "Placement",
    "PlacementType",
    "Role",
    "ServerSession",
    "User",
    "group_coaches",
    "group_members",
]
