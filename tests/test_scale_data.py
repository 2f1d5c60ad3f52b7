"""``demo-data --clients N`` looks like a city installation after some years."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from portal.app import clock
from portal.app.extensions import db
from portal.demo.data import load_demo_data
from portal.demo.scale import CASELOAD, YEARS, add_clients
from portal.demo.scale_projects import PROJECTS, REENROL_EVERY
from portal.models import (
    Checkpoint,
    Client,
    ContactNote,
    Group,
    Outcome,
    Placement,
    Role,
    User,
    group_coaches,
    group_members,
    project_coaches,
)

COUNT = 1_500


def test_synthetic_clients_have_coaches_trainees_history_and_records(ctx):
    load_demo_data()
    # The highest id, not the count: on PostgreSQL ids go on from earlier tests' rows.
    before = db.session.scalar(select(func.max(Client.id))) or 0
    today = clock.today()
    add_clients(COUNT, today=today)
    synthetic = Client.id > before
    assert db.session.scalar(select(func.count(Client.id)).where(synthetic)) == COUNT

    caseloads = dict(
        db.session.execute(
            select(Client.coach_id, func.count(Client.id))
            .where(synthetic)
            .group_by(Client.coach_id)
        ).all()
    )
    city_wide = db.session.scalar(
        select(User.id).where(User.role == Role.COACH).order_by(User.id).limit(1)
    )
    assert caseloads[city_wide] >= COUNT // 6  # one coach with a fifth of everyone
    others = [n for coach, n in caseloads.items() if coach != city_wide]
    assert len(others) == COUNT // CASELOAD and max(others) < CASELOAD * 2

    # Every synthetic group has its coach, and its members are that coach's clients.
    uncoached = db.session.scalar(
        select(func.count(Group.id)).where(
            Group.name.like("%suuri aineisto%"),
            ~Group.id.in_(select(group_coaches.c.group_id)),
        )
    )
    assert uncoached == 0
    mismatched = db.session.scalar(
        select(func.count())
        .select_from(group_members)
        .join(Client, Client.id == group_members.c.client_id)
        .join(group_coaches, group_coaches.c.group_id == group_members.c.group_id)
        .where(synthetic, group_coaches.c.user_id != Client.coach_id)
    )
    assert mismatched == 0

    first, last = db.session.execute(
        select(func.min(Client.entry_date), func.max(Client.entry_date)).where(synthetic)
    ).one()
    assert (last - first).days > 365 * (YEARS - 1)
    assert last <= today

    running = select(func.count(Placement.id)).where(
        Placement.client_id > before, Placement.start_date <= today, Placement.end_date >= today
    )
    assert db.session.scalar(running) > 0  # employers have trainees now
    supervised = db.session.scalar(
        select(func.count(Placement.id)).where(
            Placement.client_id > before, Placement.supervisor_id.is_not(None)
        )
    )
    assert supervised > 0
    contacts = db.session.scalar(
        select(func.count(ContactNote.id)).where(ContactNote.client_id > before)
    )
    assert 2 * COUNT <= contacts <= 4 * COUNT
    checkpoints = db.session.scalar(
        select(func.count(Checkpoint.id)).where(Checkpoint.client_id > before)
    )
    assert COUNT // 20 <= checkpoints <= COUNT // 3
    # Records are dated when they happened, never after today or before the client came.
    late = db.session.scalar(
        select(func.count(ContactNote.id))
        .join(Client, Client.id == ContactNote.client_id)
        .where(
            synthetic,
            (ContactNote.on > today) | (ContactNote.on < Client.entry_date),
        )
    )
    assert late == 0
    oldest = db.session.scalar(select(func.min(Client.created_at)).where(synthetic))
    assert oldest.date() < today - timedelta(days=365)


def test_synthetic_clients_are_spread_over_twenty_projects_and_some_came_back(ctx):
    load_demo_data()
    before = db.session.scalar(select(func.max(Client.id))) or 0
    add_clients(COUNT, today=clock.today())
    synthetic = Client.id > before
    projects = db.session.scalar(select(func.count(Client.project_id.distinct())).where(synthetic))
    assert projects == PROJECTS
    again = aliased(Client)
    pairs = db.session.execute(
        select(Client.project_id, again.project_id, Client.entry_date, Outcome.on)
        .join(again, again.id == Client.previous_enrolment_id)
        .join(Outcome, Outcome.client_id == again.id)
        .where(synthetic, Client.person_id == again.person_id)
    ).all()
    linked = db.session.scalar(
        select(func.count(Client.id)).where(synthetic, Client.previous_enrolment_id.is_not(None))
    )
    assert len(pairs) == linked
    assert COUNT // (REENROL_EVERY * 4) <= linked <= COUNT // (REENROL_EVERY * 2)
    for later, earlier, entry, left in pairs:
        assert later != earlier and left < entry
    people = db.session.scalar(select(func.count(Client.person_id.distinct())).where(synthetic))
    assert people == COUNT - linked
    # the city-wide coach works in every synthetic project; every coach in their groups' ones
    outside = db.session.scalar(
        select(func.count())
        .select_from(Group)
        .join(group_coaches, group_coaches.c.group_id == Group.id)
        .outerjoin(
            project_coaches,
            (project_coaches.c.project_id == Group.project_id)
            & (project_coaches.c.user_id == group_coaches.c.user_id),
        )
        .where(project_coaches.c.user_id.is_(None))
    )
    assert outside == 0
