"""The dashboard's and the funder report's figures kept as counts (docs/adr/0048): after every
kind of write through the portal's models the kept shares are what counting afresh gives, their
sums are the shares added up, and each kind of scope reads the same figures as the plain SELECT
of its clients."""

from __future__ import annotations

import os
import threading
from dataclasses import asdict, replace
from datetime import timedelta

import pytest
from sqlalchemy import func, literal, select, update
from sqlalchemy.orm import selectinload

from portal.access.scoping import visible_clients
from portal.app import clock
from portal.app.extensions import db
from portal.demo.data import DEMO_PASSWORD, load_demo_data
from portal.demo.scale import add_clients
from portal.models import (
    Client,
    ClientSensitive,
    Company,
    FigureCount,
    FigureRow,
    FollowUp,
    Group,
    Outcome,
    OutcomeKind,
    Placement,
    Role,
    User,
    group_coaches,
    group_members,
)
from portal.models.base import utcnow
from portal.reports import figures_kept, funder, scopes
from portal.reports.figures import Filters, compute
from portal.reports.figures_kept import EVERY_COACH, VALUES, WHERE
from tests.conftest import Browser
from tests.support.database import private_schema

SHARE = ["client_id", *WHERE, *VALUES]


def _kept_rows() -> list[tuple]:
    table = FigureRow.__table__
    return sorted(tuple(r) for r in db.session.execute(select(*(table.c[n] for n in SHARE))))


def _counted_afresh() -> list[tuple]:
    fresh = figures_kept.shares().subquery()
    days = figures_kept.day_values(clock.today())
    found = db.session.execute(select(*(fresh.c[n] for n in SHARE)), days)
    return sorted(tuple(r) for r in found)


def _kept_sums() -> dict[tuple, tuple]:
    table = FigureCount.__table__
    found = db.session.execute(select(*(table.c[n] for n in [*WHERE, *VALUES])))
    return {tuple(r[:6]): tuple(r[6:]) for r in found if any(r[6:])}


def _sums_of_rows() -> dict[tuple, tuple]:
    """Per coach, and over every coach of the project (``EVERY_COACH``)."""
    table = FigureRow.__table__
    sums = {}
    for every_coach in (False, True):
        coach = literal(EVERY_COACH) if every_coach else table.c.coach_key
        keys = [coach if n == "coach_key" else table.c[n] for n in WHERE]
        grouped = [k for k in keys if every_coach is False or k is not coach]
        found = db.session.execute(
            select(*keys, *(func.sum(table.c[v]) for v in VALUES)).group_by(*grouped)
        )
        sums.update({tuple(r[:6]): tuple(r[6:]) for r in found})
    return sums


def _assert_kept() -> None:
    db.session.expire_all()
    assert _kept_rows() == _counted_afresh()
    assert _kept_sums() == _sums_of_rows()


def _seed() -> None:
    load_demo_data()
    add_clients(160)
    db.session.commit()


def _periods() -> list[Filters]:
    today = clock.today()
    return [
        Filters(today - timedelta(days=365), today),
        Filters(today - timedelta(days=3 * 365), today - timedelta(days=400)),
    ]


def test_the_kept_shares_follow_every_kind_of_write(app):
    with app.app_context():
        _seed()
        _assert_kept()
        clients = list(db.session.scalars(select(Client).order_by(Client.id).limit(12)))
        company = db.session.scalar(select(Company).order_by(Company.id))
        coach = db.session.scalar(select(User).where(User.role == Role.COACH).order_by(User.id))
        today = clock.today()
        # An outcome recorded, then changed to another kind and company.
        outcome = Outcome(client_id=clients[0].id, kind=OutcomeKind.EMPLOYED_OTHER_FIELD, on=today)
        db.session.add(outcome)
        db.session.commit()
        _assert_kept()
        outcome.kind, outcome.company_id = OutcomeKind.EMPLOYED_COACHING_COMPANY, company.id
        db.session.commit()
        _assert_kept()
        # Moved to another coach and entry month; a placement; a follow-up's result.
        clients[1].coach_id, clients[1].entry_date = coach.id, today - timedelta(days=200)
        db.session.add(
            Placement(
                client_id=clients[2].id,
                company_id=company.id,
                start_date=today,
                end_date=today + timedelta(days=30),
            )
        )
        db.session.add(
            FollowUp(client_id=clients[3].id, months=3, due_date=today, result="employed")
        )
        db.session.commit()
        _assert_kept()
        # Sensitive answers given, changed, removed.
        sensitive = db.session.get(ClientSensitive, clients[4].id) or ClientSensitive(
            client_id=clients[4].id
        )
        sensitive.immigrant_background = True
        db.session.add(sensitive)
        db.session.commit()
        _assert_kept()
        db.session.delete(sensitive)
        db.session.commit()
        _assert_kept()
        # Group membership through the relationship, and through the table (as the intake
        # form adds a new client to a group: the group's version changes with it).
        group = db.session.scalar(
            select(Group).options(selectinload(Group.members)).order_by(Group.id)
        )
        group.members = [*db.session.scalars(select(Client).where(Client.id == clients[5].id))]
        db.session.commit()
        _assert_kept()
        db.session.execute(
            group_members.insert().values(group_id=group.id, client_id=clients[6].id)
        )
        group.updated_at = utcnow()
        db.session.commit()
        _assert_kept()
        # A group deleted, a client deleted.
        db.session.delete(group)
        db.session.delete(clients[7])
        db.session.commit()
        _assert_kept()


def test_a_write_that_bypasses_the_models_is_caught_by_the_command(app):
    with app.app_context():
        _seed()
        db.session.execute(update(Outcome).values(kind=OutcomeKind.OTHER))
        db.session.commit()
        assert _kept_rows() != _counted_afresh()
        result = app.test_cli_runner().invoke(args=["reports", "refresh-quality"])
        assert result.exit_code == 0, result.output
        _assert_kept()


def _both(scope, period) -> tuple:
    """The dashboard's figures and the funder report's tables of ``scope``."""
    tables = [(t.key, [value for _label, value in t.rows]) for t in funder.tables(scope, period)]
    return asdict(compute(scope, period)), tables


def test_each_kind_of_scope_reads_what_its_clients_give(app):
    with app.app_context():
        _seed()
        projects = tuple(db.session.scalars(select(Client.project_id).distinct()))
        for period in _periods():
            whole = _both(scopes.Projects(), period)
            assert whole == _both(select(Client.id), period)
            assert whole[0]["clients"] != 0
            assert whole[1][0][1] != [0]  # the participants
            one = scopes.Projects(projects[:1])
            in_one = select(Client.id).where(Client.project_id == projects[0])
            assert _both(one, period) == _both(in_one, period)
        for coach in db.session.scalars(select(User).where(User.role == Role.COACH)):
            caseload = scopes.Caseload(coach, projects)
            ids = visible_clients(coach).with_only_columns(Client.id)
            for period in _periods():
                assert _both(caseload, period) == _both(ids, period), coach


def test_writes_to_many_young_people_at_once_neither_deadlock_nor_miscount(make_app):
    """On PostgreSQL two transactions that move the same sums (the same project, months,
    states) in different orders would wait for each other's rows: the figures' writers take
    their turn instead, and every sum is right afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("two connections at once: PostgreSQL (SQLite lets one writer in at a time)")
    with private_schema(url, "figures_race") as uri:
        app = make_app(SQLALCHEMY_DATABASE_URI=uri)
        with app.app_context():
            _seed()
            ids = list(db.session.scalars(select(Client.id).order_by(Client.id).limit(40)))
        failures: list[BaseException] = []

        def write(mine: list[int]) -> None:
            states = ["intake", "pathway", "checkpoint", "follow_up"]
            try:
                with app.app_context():
                    for round_ in range(6):
                        for n, client_id in enumerate(mine):
                            client = db.session.get(Client, client_id)
                            client.state = states[(n + round_) % len(states)]
                        db.session.commit()
            except BaseException as error:
                failures.append(error)

        threads = [
            threading.Thread(target=write, args=(ids[0::2],)),
            threading.Thread(target=write, args=(list(reversed(ids[1::2])),)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with app.app_context():
            _assert_kept()
            db.session.remove()
            db.engine.dispose()  # before the schema goes
    assert failures == []


def test_a_coachs_own_group_chosen_reads_its_members_on_the_pages(app):
    """A group in the filter: its members' own rows, the same figures as their SELECT, and the
    coach's dashboard and funder report answer for it."""
    with app.app_context():
        _seed()
        coach = db.session.scalar(select(User).where(User.email == "coach@polku.test"))
        group_id = db.session.scalar(
            select(group_coaches.c.group_id).where(group_coaches.c.user_id == coach.id).limit(1)
        )
        projects = tuple(db.session.scalars(select(Client.project_id).distinct()))
        ids = visible_clients(coach).with_only_columns(Client.id)
        for period in _periods():
            chosen = replace(period, group_id=group_id)
            assert _both(scopes.Caseload(coach, projects), chosen) == _both(ids, chosen)
    browser = Browser(app.test_client())
    assert browser.login("coach@polku.test", DEMO_PASSWORD).status_code == 302
    for page in ("/reports/", "/reports/funder"):
        assert browser.get(page, query_string={"group": group_id}).status_code == 200
