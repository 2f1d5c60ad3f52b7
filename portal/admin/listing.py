"""Sort orders and filters of the admin's lists (users, companies, outbox)."""

from __future__ import annotations

from portal.app.listing import ListFilter
from portal.models import Company, CompanyStatus, OutboxMessage, Role, User

USER_SORTS = {"name": (User.name,), "email": (User.email,), "role": (User.role,)}
USER_FILTERS = (
    ListFilter("role", lambda q, v: q.where(User.role == v), choices=tuple(Role)),
    ListFilter("active", lambda q, v: q.where(User.active.is_(v == "yes")), choices=("yes", "no")),
)

COMPANY_SORTS = {
    "name": (Company.name,),
    "industry": (Company.industry,),
    "city": (Company.city,),
    "status": (Company.status,),
}
COMPANY_FILTERS = (
    ListFilter("status", lambda q, v: q.where(Company.status == v), choices=tuple(CompanyStatus)),
)

OUTBOX_SORTS = {"created": (OutboxMessage.created_at,), "recipient": (OutboxMessage.recipient,)}
