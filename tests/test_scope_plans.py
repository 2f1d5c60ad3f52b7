"""The coach's scope is not rebuilt as a whole set in a statement (ADR 0018): SQLite's query
plans for one client and for the newest clients and groups read indexes, without a UNION of
the caseload or a sort of every row."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from portal.access.scoping import (
    one_visible_client,
    visible_client_ids_for,
    visible_clients,
    visible_groups,
)
from portal.app import clock
from portal.app.extensions import db
from portal.groups.picker import among, visible_among
from portal.models import Client, ContactNote, Group, User
from tests.conftest import add_group_clients

pytestmark = pytest.mark.skipif(
    "postgresql" in (__import__("os").environ.get("DATABASE_URL") or ""),
    reason="SQLite's EXPLAIN QUERY PLAN",
)


def _plan(query) -> str:
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return "\n".join(row[-1] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


@pytest.fixture
def coach(app, world):
    add_group_clients(app, world, 30)
    with app.app_context():
        db.session.execute(text("ANALYZE"))
        yield db.session.get(User, world.coach.id)


def test_one_client_is_checked_with_index_probes(app, world, coach):
    plan = _plan(one_visible_client(coach, world.client.id))
    assert "USING INTEGER PRIMARY KEY" in plan
    assert "UNION" not in plan and "COMPOUND" not in plan
    assert "SCAN clients" not in plan
    found = db.session.scalar(one_visible_client(coach, world.client.id))
    assert found is not None and found.id == world.client.id
    assert db.session.scalar(one_visible_client(coach, world.other_client.id)) is None


def test_the_caseload_is_a_condition_not_a_union(app, world, coach):
    plan = _plan(visible_clients(coach).order_by(Client.updated_at.desc()).limit(10))
    assert "UNION" not in plan and "COMPOUND" not in plan
    ids = set(db.session.scalars(visible_clients(coach).with_only_columns(Client.id)))
    assert world.client.id in ids and world.other_client.id not in ids
    assert len(ids) == 31


def test_the_newest_groups_are_read_in_index_order(app, world, coach):
    query = (
        visible_groups(coach)
        .with_only_columns(Group.id, Group.name)
        .order_by(Group.start_date.desc(), Group.id.desc())
        .limit(200)
    )
    assert "TEMP B-TREE" not in _plan(query)
    assert "TEMP B-TREE" not in _plan(select(Group.id).order_by(Group.start_date.desc()).limit(5))


def test_rows_about_clients_are_checked_one_by_one(app, world, coach):
    for client_id in (world.client.id, world.other_client.id):
        db.session.add(ContactNote(client_id=client_id, on=clock.today(), summary="x"))
    db.session.commit()
    query = select(ContactNote.client_id).where(
        ContactNote.client_id.in_(visible_client_ids_for(coach, ContactNote.client_id))
    )
    plan = _plan(query)
    assert "CORRELATED" in plan and "ix_clients_coach_id" not in plan
    assert list(db.session.scalars(query)) == [world.client.id]


def test_a_client_pages_enrolment_links_are_found_through_the_persons_index(app, world, coach):
    """Not by scanning every enrolment's ``previous_enrolment_id`` (no index): at 100,000
    clients that scan cost a client's page 25 ms."""
    from portal.projects.enrolment import same_person_in_scope

    plan = _plan(same_person_in_scope(coach, world.client.id))
    assert "ix_clients_person_id" in plan
    assert "SCAN clients" not in plan


def test_the_members_page_checks_the_named_clients_one_by_one(app, world, coach):
    ids = [world.client.id, world.other_client.id]
    plan = _plan(among(coach, ids))
    assert "CORRELATED" in plan and "ix_clients_coach_id" not in plan
    uncorrelated = [line for line in plan.splitlines() if line.startswith("LIST SUBQUERY")]
    assert uncorrelated == []
    assert [c.id for c in visible_among(coach, ids)] == [world.client.id]
