"""The client list's sort orders and filters (phase, coach, group, company)."""

from __future__ import annotations

from sqlalchemy import Select, select

from portal.access.scoping import coach_company_ids, visible_groups
from portal.app.extensions import db
from portal.app.listing import ListFilter
from portal.models import Client, Company, Group, PathwayState, Placement, Role, User, group_members
from portal.models.labels import label

#: The group filter offers the most recent groups; an older one still filters by its id.
GROUP_CHOICES = 60

SORTS = {
    "name": (Client.last_name, Client.first_name),
    "born": (Client.birth_year,),
    "municipality": (Client.municipality,),
    "phase": (Client.state,),
    "entry": (Client.entry_date,),
}


def _in_group(query: Select, group_id: int) -> Select:
    members = select(group_members.c.client_id).where(group_members.c.group_id == group_id)
    return query.where(Client.id.in_(members))


def _at_company(query: Select, company_id: int) -> Select:
    placed = select(Placement.client_id).where(Placement.company_id == company_id)
    return query.where(Client.id.in_(placed))


FILTERS = (
    ListFilter("phase", lambda q, v: q.where(Client.state == v), choices=tuple(PathwayState)),
    ListFilter("coach", lambda q, v: q.where(Client.coach_id == v), integer=True),
    ListFilter("group", _in_group, integer=True),
    ListFilter("company", _at_company, integer=True),
)


def filter_options(viewer: User) -> dict[str, list[tuple[object, object]]]:
    """The choices of the filters; groups and companies within what the viewer sees."""
    coaches = db.session.execute(
        select(User.id, User.name).where(User.role == Role.COACH).order_by(User.name, User.id)
    ).all()
    groups = db.session.execute(
        visible_groups(viewer)
        .with_only_columns(Group.id, Group.name)
        .order_by(Group.start_date.desc(), Group.id.desc())
        .limit(GROUP_CHOICES)
    ).all()
    companies = db.session.execute(
        select(Company.id, Company.name)
        .where(Company.id.in_(coach_company_ids(viewer)))
        .order_by(Company.name, Company.id)
    ).all()
    return {
        "phase": [(state.value, label(state.value, "state")) for state in PathwayState],
        "coach": [tuple(row) for row in coaches],
        "group": [tuple(row) for row in groups],
        "company": [tuple(row) for row in companies],
    }
