"""The employer's placements are read through the company's indexes, from the earliest they may
see on (ADR 0039): a list in start-date order neither sorts nor walks the company's history,
and a row that names a placement or a client is checked for its own placement by key."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from plugins.assessments.models import Assessment
from portal.access.scoping import (
    company_in_reach,
    employer_placements,
    employer_placements_by_start,
    one_visible_client,
    visible_client_ids_for,
    visible_placement_ids_for,
)
from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Placement, Review, User
from tests.conftest import add_group_clients

ON_SQLITE = "postgresql" not in (os.environ.get("DATABASE_URL") or "")
sqlite_plans = pytest.mark.skipif(not ON_SQLITE, reason="SQLite's EXPLAIN QUERY PLAN")


def _plan(query) -> str:
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return "\n".join(row[-1] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


@pytest.fixture
def employer(app, world):
    """The world's company with a history: 40 placements long over, one that ended early (its
    planned end still ahead), one of the longest kind still running, and some to come."""
    today = clock.today()
    others = iter(add_group_clients(app, world, 45))
    with app.app_context():

        def placement(start, end, ended_on=None):
            db.session.add(
                Placement(
                    client_id=next(others),
                    company_id=world.company.id,
                    start_date=start,
                    end_date=end,
                    ended_on=ended_on,
                )
            )

        for n in range(40):
            start = today - timedelta(days=800 - 10 * n)
            placement(start, start + timedelta(days=60))
        placement(
            today - timedelta(days=80), today + timedelta(days=20), today - timedelta(days=45)
        )
        placement(today - timedelta(days=330), today + timedelta(days=5))
        for n in range(3):
            placement(today + timedelta(days=10 * n), today + timedelta(days=10 * n + 60))
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        yield db.session.get(User, world.employer.id)


def _ids(query) -> list[int]:
    return list(db.session.scalars(query.with_only_columns(Placement.id)))


def test_the_list_in_start_order_holds_exactly_what_the_employer_sees(app, world, employer):
    everything = employer_placements(employer)
    for order in (
        (Placement.start_date.desc(), Placement.id.desc()),
        (Placement.start_date, Placement.id),
    ):
        listed = _ids(employer_placements_by_start(employer).order_by(*order))
        assert listed == _ids(everything.order_by(*order))
    starts = db.session.scalars(employer_placements_by_start(employer).order_by(Placement.id))
    # the longest one still running is in the list; the one that ended early is not
    assert clock.today() - timedelta(days=330) in [p.start_date for p in starts]
    assert len(listed) == 5  # the world's own, the long one and the three to come
    other = db.session.get(User, world.other_employer.id)
    assert _ids(employer_placements_by_start(other)) == [world.other_placement.id]


@sqlite_plans
def test_the_list_in_start_order_reads_only_from_the_earliest_visible_start(app, employer):
    for order in (
        (Placement.start_date.desc(), Placement.id.desc()),
        (Placement.start_date, Placement.id),
    ):
        plan = _plan(employer_placements_by_start(employer).order_by(*order).limit(26))
        assert "ix_placements_company_start (company_id=? AND start_date>?)" in plan, plan
        # the earliest start is found among the placements not ended before the cutoff
        assert "ix_placements_company_end (company_id=? AND end_date>?)" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    plan = _plan(employer_placements(employer).order_by(Placement.end_date, Placement.id).limit(26))
    assert "ix_placements_company_end (company_id=? AND end_date>?)" in plan
    assert "TEMP B-TREE" not in plan


@sqlite_plans
def test_rows_naming_a_placement_are_checked_one_by_one(app, world, employer):
    query = select(Review.id).where(
        Review.placement_id.in_(visible_placement_ids_for(employer, Review.placement_id))
    )
    plan = _plan(query)
    assert "CORRELATED" in plan and "INTEGER PRIMARY KEY" in plan, plan
    assert "ix_placements_company" not in plan, plan
    # One alias for every call: building an alias's columns anew cost ~2 ms a call.
    first, again = (
        visible_placement_ids_for(employer, column).get_final_froms()[0]
        for column in (Review.placement_id, Assessment.placement_id)
    )
    assert first is again


@sqlite_plans
def test_a_trainee_is_checked_through_their_own_placements(app, world, employer):
    query = one_visible_client(employer, world.client.id)
    plan = _plan(query)
    assert "ix_placements_client_id (client_id=?)" in plan, plan
    assert "ix_placements_company" not in plan, plan
    assert db.session.scalar(query).id == world.client.id
    assert db.session.scalar(one_visible_client(employer, world.other_client.id)) is None
    seen = select(Client.id).where(Client.id.in_(visible_client_ids_for(employer, Client.id)))
    trainees = employer_placements(employer).with_only_columns(Placement.client_id)
    assert set(db.session.scalars(seen)) == set(db.session.scalars(trainees))
    assert world.client.id in set(db.session.scalars(seen))


@sqlite_plans
def test_a_coach_reaches_one_company_without_collecting_every_company(app, world, employer):
    coach = db.session.get(User, world.coach.id)
    plan = _plan(company_in_reach(coach, world.company.id))
    assert "COMPOUND" not in plan and "UNION" not in plan, plan
    assert db.session.scalar(company_in_reach(coach, world.company.id)) == world.company.id
    assert db.session.scalar(company_in_reach(coach, world.other_company.id)) is None
