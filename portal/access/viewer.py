"""What a user's scope depends on, as a hashable value."""

from __future__ import annotations

from typing import NamedTuple

from portal.models import User


class Viewer(NamedTuple):
    """The attributes of a user that :mod:`portal.access.scoping` builds a scope from.

    A statement built from a ``Viewer`` (with the date, where the scope moves with it) can be
    kept and reused: the same viewer on the same day has the same scope. A scope that comes to
    depend on another attribute of the user must add it here.
    """

    id: int
    role: str
    project_id: int | None
    company_id: int | None

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(user.id, user.role, user.project_id, user.company_id)
