"""The dashboard's counts read from the kept shares, by the kind of scope (docs/adr/0048).

- Whole projects (the admin, a project manager): the sums of ``figure_counts`` of those
  projects, a few rows per coach and month whatever the number of young people.
- A coach's caseload: the sums of their own young people, and the shares of the members of the
  groups they coach who are someone else's (few), as two parts, as the client list reads them
  (ADR 0040).
- Any other set (a group chosen): the shares of its young people.

One statement: the shares added up per part, key and month, with the names of the groups,
companies and coaches they name.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import BigInteger, Select, and_, cast, func, select, union_all

from portal.access.scoping import coach_group_client_ids
from portal.app.extensions import db
from portal.models import Client, Company, FigureCount, FigureRow, Group, User
from portal.reports.figures_kept import EVERY_COACH, VALUES
from portal.reports.scopes import Caseload, Projects, Scope, of_staff

COLUMNS = ("project_id", "part", "k1", "k2", "month", *VALUES)


def _columns(table) -> list[Any]:
    return [table.c[name] for name in COLUMNS]


def _parts(scope: Scope) -> list[Select]:
    counts, rows = FigureCount.__table__, FigureRow.__table__
    if isinstance(scope, Projects):
        query = select(*_columns(counts)).where(counts.c.coach_key == EVERY_COACH)
        if scope.ids is not None:
            query = query.where(counts.c.project_id.in_(scope.ids))
        return [query]
    if isinstance(scope, Caseload):
        coach = scope.coach.id
        return [
            select(*_columns(counts)).where(
                counts.c.project_id.in_(scope.project_ids), counts.c.coach_key == coach
            ),
            # The members who are someone else's found through their client rows (one row
            # each) before their shares (some fifteen each) are read.
            select(*_columns(rows)).where(
                rows.c.client_id.in_(
                    select(Client.id).where(
                        Client.id.in_(coach_group_client_ids(scope.coach)),
                        Client.coach_id.is_distinct_from(coach),
                        Client.project_id.in_(scope.project_ids),
                    )
                )
            ),
        ]
    return [select(*_columns(rows)).where(rows.c.client_id.in_(scope))]


def _found(scope: Scope, kinds: tuple[str, ...]) -> Any:
    parts = [part.where(part.selected_columns.part.in_(kinds)) for part in _parts(scope)]
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("found")


def _summed(scope: Scope, kinds: tuple[str, ...]) -> Select:
    found = _found(scope, kinds)
    keys = [found.c.part, found.c.k1, found.c.k2, found.c.month]
    summed = (
        select(*keys, *(cast(func.sum(found.c[v]), BigInteger).label(v) for v in VALUES))
        .group_by(*keys)
        # Every share adds at least one to its first value: a sum of 0 is no one left.
        .having(func.sum(found.c.v1) > 0)
        .subquery("summed")
    )
    return (
        select(
            summed,
            Group.name.label("group_name"),
            Group.start_date.label("group_start"),
            Company.name.label("company_name"),
            User.id.label("user_id"),
            User.name.label("user_name"),
        )
        .outerjoin(Group, and_(summed.c.part == "group", Group.id == summed.c.k1))
        .outerjoin(Company, and_(summed.c.part.in_(("trainee", "hire")), Company.id == summed.c.k1))
        .outerjoin(User, and_(summed.c.part == "coach", User.id == summed.c.k1))
    )


def read(scope: Scope, kinds: tuple[str, ...]) -> defaultdict[str, list[tuple]]:
    """The aggregates of the parts ``kinds`` over ``scope``, each in the shape its figure
    reads: per part, rows of (key..., month, values...), in one order whatever the database's
    (which cells the small-number rules hide next depends on the order of a table's lines).
    A plugin's part: rows of (k1, k2, month, v1... v6)."""
    out: defaultdict[str, list[tuple]] = defaultdict(list)
    for row in db.session.execute(_summed(scope, kinds)):
        part, k1, k2, month, v1, v2, v3, v4, v5, v6, group, start, company, uid, user = row
        if part == "totals":
            out[part].append((month, v1, v2, v3, v4, v5, v6))
        elif part in ("state", "outcome"):
            out[part].append((k2, month, v1))
        elif part == "trend":
            out[part].append((k1, month, v1, v2))
        elif part == "group" and group is not None:
            out[part].append((k1, group, start, month, v1, v2, v3))
        elif part in ("trainee", "hire") and company is not None:
            out[part].append((k1, company, month, v1))
        elif part == "coach":
            out[part].append((uid, user, month, v1, v2, v3))
        elif part == "follow":
            out[part].append((k1, k2, month, v1))
        elif part.startswith("f_"):  # the funder report's
            out[part].append((k2, month, v1))
        elif "." in part:  # a plugin's (``portal_figure_shares``)
            out[part].append((k1, k2, month, v1, v2, v3, v4, v5, v6))
    for part, rows in out.items():
        rows.sort(key=_no_coach_last if part == "coach" else None)
    return out


def _no_coach_last(row: tuple) -> tuple:
    uid, name, *rest = row
    return (uid is None, uid or 0, name or "", *rest)


def read_by_project(scope: Scope, kinds: tuple[str, ...]) -> list[tuple]:
    """The parts ``kinds`` over ``scope`` added up per project, part and keys, over every
    month of entry: sorted rows of (project id, part, k1, k2, v1... v6)."""
    found = _found(scope, kinds)
    keys = [found.c.project_id, found.c.part, found.c.k1, found.c.k2]
    summed = (
        select(*keys, *(cast(func.sum(found.c[v]), BigInteger) for v in VALUES))
        .group_by(*keys)
        .having(func.sum(found.c.v1) > 0)
    )
    return sorted(tuple(row) for row in db.session.execute(summed))


def read_for(viewer: User, kinds: tuple[str, ...]) -> defaultdict[str, list[tuple]]:
    """:func:`read` over every young person the staff member ``viewer`` works with."""
    return read(of_staff(viewer), kinds)
