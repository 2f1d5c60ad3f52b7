"""Where the data-quality page reads its participants' kept rows and counts from, by the kind
of scope (docs/adr/0046).

- Whole projects (:class:`Projects`: the admin, a project manager, the command): the list of
  participants with problems is read in its order from the index of such rows, the project
  tested on each; the counts per coach are the kept counts of those projects.
- A coach's caseload (:class:`Caseload`): their own participants (one range of that index, and
  the kept counts of their own) and the members of the groups they coach who are someone
  else's (few, read and counted from their rows), as two parts, as the client list does
  (ADR 0040).
- Any other set of participants (a SELECT of client ids): found first, their rows counted.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, func, literal_column, select, tuple_, union_all

from portal.access.scoping import coach_group_client_ids
from portal.app.choices import ShortList
from portal.models import Client, ClientChecks, User
from portal.reports import quality_counts
from portal.reports.quality_checks import flag
from portal.reports.scopes import Caseload, Projects, Scope


def _checks() -> list[ColumnElement]:
    return [ClientChecks.__table__.c[name] for name in quality_counts.check_names()]


def _parts(scope: Scope, coach_id: int | None) -> list[Select]:
    """SELECTs of kept rows (with the participant's names) that together hold each participant
    in scope once, of ``coach_id``'s participants only when given."""
    rows = select(
        ClientChecks.client_id,
        ClientChecks.coach_key,
        ClientChecks.problems,
        Client.first_name,
        Client.last_name,
        *_checks(),
    ).join(Client, Client.id == ClientChecks.client_id)
    if isinstance(scope, Projects):
        parts = [rows if scope.ids is None else rows.where(Client.project_id.in_(scope.ids))]
    elif isinstance(scope, Caseload):
        rows = rows.where(Client.project_id.in_(scope.project_ids))
        parts = [
            rows.where(ClientChecks.coach_key == scope.coach.id),
            rows.where(
                ClientChecks.client_id.in_(coach_group_client_ids(scope.coach)),
                ClientChecks.coach_key != scope.coach.id,
            ),
        ]
    else:
        parts = [rows.where(ClientChecks.client_id.in_(scope))]
    if coach_id is not None:
        parts = [part.where(ClientChecks.coach_key == coach_id) for part in parts]
    return parts


def problem_list(
    scope: Scope, coach_id: int | None, after: tuple[int, int] | None, limit: int | None
) -> ShortList:
    """Participants with problems, by coach then participant, from ``after`` (coach, client):
    each part's first ``limit`` in that order, then those together."""
    order = (ClientChecks.coach_key, ClientChecks.client_id)
    # A literal 0, not a parameter: the condition of the index the list is read from.
    parts = [
        part.where(ClientChecks.problems > literal_column("0")) for part in _parts(scope, coach_id)
    ]
    if after is not None:
        parts = [part.where(tuple_(*order) > tuple_(*after)) for part in parts]
    if len(parts) == 1:
        return ShortList(parts[0], order, limit)
    firsts = [part.order_by(*order).limit(limit).subquery() for part in parts]
    both = union_all(*(select(first) for first in firsts)).subquery("problems")
    return ShortList(select(both), (both.c.coach_key, both.c.client_id), limit)


def _counted(parts: list[Select]) -> Select:
    """Per coach: the participants of the parts, those with problems, each check's count."""
    rows = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("rows")
    return select(
        rows.c.coach_key,
        func.count().label("participants"),
        func.sum(flag(rows.c.problems > 0)).label("with_problems"),
        *(func.sum(flag(rows.c[c.name] != 0)).label(c.name) for c in _checks()),
    ).group_by(rows.c.coach_key)


def coach_list(scope: Scope, coach_id: int | None) -> ShortList:
    """Per coach (0: no coach), by id: participants, those with problems, each check's count;
    from the kept counts where they serve, else counted from the rows."""
    if isinstance(scope, Projects):
        counts = quality_counts.counts(scope.ids, coach_id)
    elif isinstance(scope, Caseload):
        own = scope.coach.id if coach_id in (None, scope.coach.id) else -1
        _own, members = _parts(scope, coach_id)
        counts = union_all(quality_counts.counts(scope.project_ids, own), _counted([members]))
    else:
        counts = _counted(_parts(scope, coach_id))
    found = counts.subquery("counts")
    query = select(
        found.c.coach_key,
        func.coalesce(User.name, "").label("name"),
        *(c for c in found.c if c.key != "coach_key"),
    ).outerjoin(User, User.id == found.c.coach_key)
    return ShortList(query, (found.c.coach_key,))
