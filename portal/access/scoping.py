"""Which rows a signed-in user may see. Every query of client data starts here.

Out-of-scope objects answer 404 (not 403) so that their existence is not disclosed.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app
from sqlalchemy import Select, false, or_, select, union

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Client,
    ClientSearchTerm,
    Company,
    CompanyCoach,
    Group,
    Placement,
    Role,
    TeacherAccess,
    User,
    group_coaches,
    group_members,
)
from portal.search.keys import prefix_end, query_words


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


def coach_client_ids(user: User) -> Select:
    """Clients a coach is responsible for, directly or through a group they coach."""
    via_groups = (
        select(group_members.c.client_id)
        .join(group_coaches, group_coaches.c.group_id == group_members.c.group_id)
        .where(group_coaches.c.user_id == user.id)
    )
    direct = select(Client.id).where(Client.coach_id == user.id)
    return direct.union(via_groups)


def employer_placements(user: User) -> Select:
    """Placements at the employer's company that run now, are coming, or whose real last day
    (:func:`real_last_day`) is at most ``EMPLOYER_VISIBILITY_DAYS`` ago."""
    if user.company_id is None or user.role != Role.EMPLOYER:
        return select(Placement).where(false())
    cutoff = employer_cutoff()
    # min(ended_on, end_date) >= cutoff, written so that SQLite and PostgreSQL agree.
    return select(Placement).where(
        Placement.company_id == user.company_id,
        Placement.end_date >= cutoff,
        or_(Placement.ended_on.is_(None), Placement.ended_on >= cutoff),
    )


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
    if user.role != Role.COACH:
        return select(Company.id).where(false())
    via_clients = select(Placement.company_id).where(
        Placement.client_id.in_(coach_client_ids(user))
    )
    granted = select(CompanyCoach.company_id).where(CompanyCoach.user_id == user.id)
    return union(via_clients, granted)


def visible_clients(user: User) -> Select:
    """A SELECT of the clients ``user`` may see."""
    query = select(Client)
    match user.role:
        case Role.ADMIN:
            return query
        case Role.COACH:
            return query.where(Client.id.in_(coach_client_ids(user)))
        case Role.EMPLOYER:
            placement_clients = employer_placements(user).with_only_columns(Placement.client_id)
            return query.where(Client.id.in_(placement_clients))
        case Role.CLIENT:
            return query.where(Client.user_id == user.id)
        case Role.TEACHER:
            return query.where(Client.id.in_(teacher_client_ids(user)))
    return query.where(false())


def get_client_or_404(user: User, client_id: int) -> Client:
    """The client, for a page that shows their data: the read goes to the audit trail (the
    page may log finer reads of its own), an out-of-scope id as a denied attempt."""
    client = db.session.scalar(visible_clients(user).where(Client.id == client_id))
    if client is None:
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
        return query.where(Group.id.in_(mine))
    return query.where(false())


def get_group_or_404(user: User, group_id: int) -> Group:
    group = db.session.scalar(visible_groups(user).where(Group.id == group_id))
    if group is None:
        abort(404)
    return group


def is_coach_of(user: User, client: Client) -> bool:
    if user.role != Role.COACH:
        return False
    ids = coach_client_ids(user).subquery()
    return db.session.scalar(select(ids.c.id).where(ids.c.id == client.id)) is not None


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
