"""The short lists of a viewer's filters and pickers: groups, coaches, companies."""

from __future__ import annotations

from sqlalchemy import select

from portal.access.scoping import coach_company_ids, visible_groups
from portal.app.choices import ShortList
from portal.models import Company, Group, Role, User


def group_choice_list(user: User, limit: int) -> ShortList:
    """(id, name) of the groups the user sees, newest first, for a filter's choices."""
    return ShortList(
        visible_groups(user).with_only_columns(Group.id, Group.name),
        (Group.start_date.desc(), Group.id.desc()),
        limit,
    )


def coach_choice_list() -> ShortList:
    """(id, name) of the active coaches, by name: whom a client or a group can be given to."""
    return ShortList(
        select(User.id, User.name).where(User.role == Role.COACH, User.active.is_(True)),
        (User.name, User.id),
    )


def company_choice_list(user: User, limit: int | None = None) -> ShortList:
    """(id, name) of the companies the user works with, by name, for a filter's choices."""
    return ShortList(
        select(Company.id, Company.name).where(Company.id.in_(coach_company_ids(user))),
        (Company.name, Company.id),
        limit,
    )
