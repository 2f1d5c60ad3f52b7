"""Which rows a signed-in user may see. Every query of client data starts here.

Out-of-scope objects answer 404 (not 403) so that their existence is not disclosed.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app, g
from sqlalchemy import ColumnElement, Select, and_, false, func, inspect, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from portal.access import audit, merged
from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Client,
    ClientSearchTerm,
    Company,
    CompanyCoach,
    Group,
    Placement,
    Project,
    Role,
    TeacherAccess,
    User,
    group_coaches,
    group_members,
    project_coaches,
    project_companies,
)
from portal.search.keys import prefix_end, query_words

#: Placements apart from any the outer statement names, for the employer's subqueries correlated
#: to a row: made once, as building an alias's columns costs more than the rest of such a
#: subquery (an alias made per call cost a page about 2 ms for each).
_ROW_PLACEMENT = aliased(Placement, name="row_placement")
_CLIENT_PLACEMENT = aliased(Placement, name="client_placement")
#: The client a coach's scope is tested for, apart from any Client of the outer statement;
#: made once (an alias made per call costs more than the statement's run).
_SCOPED_CLIENT = aliased(Client, name="scoped_client")


def employer_cutoff(today: date | None = None) -> date:
    """Placements whose real last day is before this day are no longer visible to the employer."""
    days = current_app.config["EMPLOYER_VISIBILITY_DAYS"]
    return (today or clock.today()) - timedelta(days=days)


def employer_may_see(placement: Placement, today: date | None = None) -> bool:
    """The rule of :func:`employer_placements` for one placement already loaded."""
    return real_last_day(placement) >= employer_cutoff(today)


def real_last_day(placement: Placement) -> date:
    """The day the placement really ended: its actual end when it ended early (or was ended
    after an interruption), else the planned end; whichever is earlier."""
    if placement.ended_on is None:
        return placement.end_date
    return min(placement.ended_on, placement.end_date)


def coach_project_ids(user: User) -> Select:
    """The projects a coach works in: a handful of rows of ``project_coaches`` through its
    index on the user, uncorrelated, so a statement evaluates it once (ADR 0029)."""
    return select(project_coaches.c.project_id).where(project_coaches.c.user_id == user.id)


def project_ids_of(user: User) -> Select | None:
    """The projects whose records ``user`` works with as staff: a coach's own, a project
    manager's one; None for the admin (every project)."""
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.COACH:
        return coach_project_ids(user)
    if user.role == Role.PROJECT_MANAGER and user.project_id is not None:
        return select(Project.id).where(Project.id == user.project_id)
    return select(Project.id).where(false())


def coach_group_client_ids(user: User) -> Select:
    """Clients in the groups a coach coaches: only as many rows as those groups have."""
    return (
        select(group_members.c.client_id)
        .join(group_coaches, group_coaches.c.group_id == group_members.c.group_id)
        .where(group_coaches.c.user_id == user.id)
    )


def coach_scope(user: User) -> ColumnElement[bool]:
    """A condition on ``Client``: the coach is responsible for the client, directly or through
    a group they coach. Written as an indexed test plus a subquery over the coach's groups only,
    never as a UNION over the whole caseload (see ADR 0018), so that a statement filtered by it
    costs what its own rows cost. Only the clients enrolled in a project the coach works in
    (ADR 0029)."""
    return and_(
        Client.project_id.in_(coach_project_ids(user)),
        or_(Client.coach_id == user.id, Client.id.in_(coach_group_client_ids(user))),
    )


def coach_scope_of_one(user: User, client: type[Client] = Client) -> ColumnElement[bool]:
    """:func:`coach_scope` for a statement about one client already chosen by id: two index
    probes for that client, whatever the coach's groups hold. ``client`` may be an alias."""
    via_group = (
        select(group_members.c.client_id)
        .join(group_coaches, group_coaches.c.group_id == group_members.c.group_id)
        .where(group_members.c.client_id == client.id, group_coaches.c.user_id == user.id)
        .exists()
    )
    in_project = (
        select(project_coaches.c.project_id)
        .where(
            project_coaches.c.project_id == client.project_id,
            project_coaches.c.user_id == user.id,
        )
        .exists()
    )
    return and_(
        in_project, or_(client.coach_id == user.id, via_group), client.merged_into_id.is_(None)
    )


def coach_client_ids(user: User) -> Select:
    """Ids of the clients a coach is responsible for, directly or through a group they coach."""
    return select(Client.id).where(coach_scope(user))


def employer_sees(user: User, placement: type[Placement] = Placement) -> ColumnElement[bool]:
    """The rule of :func:`employer_placements` as a condition on ``placement`` (which may be
    an alias): at the employer's company, its real last day at most
    ``EMPLOYER_VISIBILITY_DAYS`` ago."""
    if user.company_id is None or user.role != Role.EMPLOYER:
        return false()
    cutoff = employer_cutoff()
    # min(ended_on, end_date) >= cutoff, written so that SQLite and PostgreSQL agree.
    return and_(
        placement.company_id == user.company_id,
        placement.end_date >= cutoff,
        or_(placement.ended_on.is_(None), placement.ended_on >= cutoff),
    )


def employer_placements(user: User) -> Select:
    """Placements at the employer's company that run now, are coming, or whose real last day
    (:func:`real_last_day`) is at most ``EMPLOYER_VISIBILITY_DAYS`` ago."""
    return select(Placement).where(employer_sees(user))


def employer_placements_by_start(user: User) -> Select:
    """:func:`employer_placements` for a list in the order of the start date (ADR 0039).

    The placements the employer may see are read through the index on (company, start date)
    from the earliest start among them on: never the company's older placements, which a
    list's last page (or a company with few trainees now) would otherwise read to the end of
    its history. That earliest start is found through the index on (company, end date), from
    the placements not ended before the cutoff (a superset of those visible); ``GROUP BY``
    keeps SQLite from answering ``min()`` by walking the start-date index instead."""
    earliest = (
        select(func.min(Placement.start_date))
        .where(
            Placement.company_id == user.company_id,
            Placement.end_date >= employer_cutoff(),
        )
        .group_by(Placement.company_id)
        .scalar_subquery()
    )
    return employer_placements(user).where(Placement.start_date >= earliest)


def visible_placement_ids_for(user: User, column: ColumnElement[int]) -> Select:
    """The ids of the placements ``user`` (an employer) may see, for ``column.in_(...)`` in a
    statement whose rows carry a placement id in ``column``: correlated to ``column``, so each
    row's placement is checked by its primary key instead of the company's placements being
    collected first."""
    placement = _ROW_PLACEMENT
    return select(placement.id).where(placement.id == column, employer_sees(user, placement))


def teacher_client_ids(user: User) -> Select:
    """Clients a teacher has been invited for, while the grant is open."""
    return select(TeacherAccess.client_id).where(
        TeacherAccess.user_id == user.id, TeacherAccess.ended_at.is_(None)
    )


def coach_company_ids(user: User) -> Select:
    """Companies a coach works with: where a current or past client of theirs has (had) a
    placement, or which an admin has given them (:class:`CompanyCoach`). Admins: every company."""
    if user.role == Role.ADMIN:
        return select(Company.id)
    if user.role == Role.PROJECT_MANAGER:
        return select(project_companies.c.company_id).where(
            project_companies.c.project_id == user.project_id
        )
    if user.role != Role.COACH:
        return select(Company.id).where(false())
    # Asked of each company in turn: its placements until one is of a client in scope (two
    # index probes each), not the companies of every placement of the caseload (ADR 0040).
    via_clients = (
        select(Placement.id)
        .join(Client, Client.id == Placement.client_id)
        .where(Placement.company_id == Company.id, coach_scope_of_one(user))
        .exists()
    )
    granted = select(CompanyCoach.company_id).where(CompanyCoach.user_id == user.id)
    return select(Company.id).where(or_(via_clients, Company.id.in_(granted)))


def company_in_reach(user: User, company_id: int) -> Select:
    """:func:`coach_company_ids` narrowed to one company: a SELECT of its id, no row when
    ``user`` does not work with it. For a coach the company's placements are looked through
    for a client of theirs, each client checked by index probes (:func:`coach_scope_of_one`)
    and the first one found ending the search, instead of the companies of the whole caseload
    being collected first."""
    if user.role != Role.COACH:
        return select(Company.id).where(
            Company.id == company_id, Company.id.in_(coach_company_ids(user))
        )
    via_clients = (
        select(Placement.id)
        .join(Client, Client.id == Placement.client_id)
        .where(Placement.company_id == company_id, coach_scope_of_one(user))
        .exists()
    )
    granted = (
        select(CompanyCoach.company_id)
        .where(CompanyCoach.user_id == user.id, CompanyCoach.company_id == company_id)
        .exists()
    )
    return select(Company.id).where(Company.id == company_id, or_(granted, via_clients))


def visible_clients(user: User) -> Select:
    """A SELECT of the clients ``user`` may see (never a record merged into another)."""
    query = select(Client).where(Client.merged_into_id.is_(None))
    match user.role:
        case Role.ADMIN:
            return query
        case Role.COACH:
            return query.where(coach_scope(user))
        case Role.PROJECT_MANAGER:
            return query.where(Client.project_id == user.project_id)
        case Role.EMPLOYER:
            placement_clients = employer_placements(user).with_only_columns(Placement.client_id)
            return query.where(Client.id.in_(placement_clients))
        case Role.CLIENT:
            return query.where(Client.user_id == user.id)
        case Role.TEACHER:
            return query.where(Client.id.in_(teacher_client_ids(user)))
    return query.where(false())


def visible_client_parts(user: User, counting: bool = False) -> list[Select]:
    """:func:`visible_clients` as SELECTs whose rows together are the clients ``user`` may
    see, for statements that read each in its own order and merge the first rows (ADR 0040):
    for a coach their own clients (one range of an index led by ``coach_id``, in the order
    that index has) and the members of the groups they coach; for others the one SELECT of
    :func:`visible_clients`. A client may be in both parts: the merge keeps them once.

    ``counting`` (for ``count_up_to``): the members as a join, streaming from the indexes
    until the count's limit stops them. For a list, each member once, in the form each
    database plans well for a coach of 20 groups and one of 2,000 alike: PostgreSQL's
    ``id IN (members)``, which it reads from the members or along the page's order,
    whichever the coach's share makes cheaper; SQLite (no statistics per coach) the members
    less the coach's own clients, so that it sorts only the few seen through a group alone."""
    if user.role != Role.COACH:
        return [visible_clients(user)]
    in_project = and_(
        Client.project_id.in_(coach_project_ids(user)), Client.merged_into_id.is_(None)
    )
    own = select(Client).where(Client.coach_id == user.id, in_project)
    members = (
        select(Client)
        .join(group_members, group_members.c.client_id == Client.id)
        .join(group_coaches, group_coaches.c.group_id == group_members.c.group_id)
        .where(group_coaches.c.user_id == user.id, in_project)
    )
    if counting:
        return [own, members]
    if db.engine.dialect.name == "sqlite":
        return [own, members.where(Client.coach_id.is_distinct_from(user.id)).group_by(Client.id)]
    return [own, select(Client).where(Client.id.in_(coach_group_client_ids(user)), in_project)]


def visible_client_ids_for(user: User, column: ColumnElement[int]) -> Select:
    """The ids of the clients ``user`` may see, for ``column.in_(...)`` in a statement whose
    rows carry a client id in ``column``. For a coach the subquery is correlated to ``column``:
    each of the statement's own rows is checked with index probes, instead of the coach's whole
    caseload being collected first; for an employer likewise, through the placements of the
    row's client (not every placement of the company); for an admin by the row's own id."""
    if user.role == Role.COACH:
        client = _SCOPED_CLIENT
        return select(client.id).where(client.id == column, coach_scope_of_one(user, client))
    if user.role == Role.EMPLOYER:
        placement = _CLIENT_PLACEMENT
        return select(placement.client_id).where(
            placement.client_id == column, employer_sees(user, placement)
        )
    if user.role in (Role.ADMIN, Role.PROJECT_MANAGER):  # per row too, not every id first
        found = select(_SCOPED_CLIENT.id).where(
            _SCOPED_CLIENT.id == column, _SCOPED_CLIENT.merged_into_id.is_(None)
        )
        if user.role == Role.PROJECT_MANAGER:
            return found.where(_SCOPED_CLIENT.project_id == user.project_id)
        return found
    return visible_clients(user).with_only_columns(Client.id)


def own_client(user: User) -> Client | None:
    """The young person's own record, with their coach and groups, loaded once per request:
    the start page and every plugin widget on it share it instead of each finding it again."""
    if user.role != Role.CLIENT:
        return None
    key = ("own_client", user.id)
    cached = g.setdefault("_portal_scope", {})
    found = cached.get(key)
    if key not in cached or (found is not None and inspect(found).expired_attributes):
        # not loaded yet in this request, or expired by a commit or a rollback since
        cached[key] = db.session.scalars(
            select(Client)
            .where(Client.user_id == user.id)
            # groups by a second statement: SQLite would build the whole (group_members
            # JOIN groups) join to join it here
            .options(joinedload(Client.coach), selectinload(Client.groups))
        ).first()
    return cached[key]


def one_visible_client(user: User, client_id: int) -> Select:
    """:func:`visible_clients` narrowed to one id; a coach's or an employer's scope is tested
    for that client alone (:func:`coach_scope_of_one`, the client's own placements)."""
    if user.role == Role.COACH:
        return select(Client).where(Client.id == client_id, coach_scope_of_one(user))
    if user.role == Role.EMPLOYER:
        return select(Client).where(
            Client.id == client_id, Client.id.in_(visible_client_ids_for(user, Client.id))
        )
    return visible_clients(user).where(Client.id == client_id)


def get_client_or_404(user: User, client_id: int) -> Client:
    """The client, for a page that shows their data: the read goes to the audit trail (the
    page may log finer reads of its own), an out-of-scope id as a denied attempt."""
    return client_or_404(db.session.scalar(one_visible_client(user, client_id)), client_id)


def client_or_404(client: Client | None, client_id: int) -> Client:
    """The client ``client_id`` that a page loaded within the viewer's scope (None when it is
    not), audited as :func:`get_client_or_404` does."""
    if client is None:
        merged.answer_for_kept(client_id, one_visible_client)  # its address leads there
        audit.denied(client_id)
        abort(404)
    audit.read_page(client.id)
    return client


def visible_groups(user: User) -> Select:
    query = select(Group)
    if user.role == Role.ADMIN:
        return query
    if user.role == Role.COACH:
        mine = select(group_coaches.c.group_id).where(group_coaches.c.user_id == user.id)
        return query.where(Group.id.in_(mine), Group.project_id.in_(coach_project_ids(user)))
    if user.role == Role.PROJECT_MANAGER:
        return query.where(Group.project_id == user.project_id)
    return query.where(false())


def get_group_or_404(user: User, group_id: int, *options: ORMOption) -> Group:
    """The group if ``user`` may see it (with the loader ``options``), else 404."""
    group = db.session.scalar(visible_groups(user).where(Group.id == group_id).options(*options))
    if group is None:
        abort(404)
    return group


def is_coach_of(user: User, client: Client) -> bool:
    if user.role != Role.COACH:
        return False
    query = select(Client.id).where(Client.id == client.id, coach_scope_of_one(user))
    return db.session.scalar(query) is not None


def client_matches(query: Select, text: str) -> Select:
    """Narrow a client query to those having, for every typed word, a search term that
    starts with it (names in any order, email, phone digits, municipality; accents folded).

    Each word is one range of the ``client_search_terms`` index; a query without words
    (only punctuation) narrows nothing.
    """
    for word in query_words(text):
        found = select(ClientSearchTerm.client_id).where(
            ClientSearchTerm.term >= word, ClientSearchTerm.term < prefix_end(word)
        )
        query = query.where(Client.id.in_(found))
    return query
