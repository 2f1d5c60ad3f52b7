"""The data-quality checks kept per participant (docs/adr/0046): the kept rows are what the
checks compute, after writes through the portal's models, after a day passes or the clock goes
back, after writes that bypass the models, and after the retention run's anonymisation."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import delete, insert, select, update

from portal.app import clock
from portal.app.extensions import db
from portal.demo.data import load_demo_data
from portal.models import CheckCounts, Client, ClientChecks, FollowUp, Outcome, Project
from portal.models.base import utcnow
from portal.reports import quality, quality_counts, quality_kept
from tests.support.database import private_schema
from tests.test_quality import _client, _left, plant

#: Every column but the day a row was written: a row still right needs no rewrite.
NAMES = [c.name for c in ClientChecks.__table__.columns if c.name != "checked_on"]


def _kept() -> set[tuple]:
    names = NAMES
    return {
        tuple(r) for r in db.session.execute(select(*(ClientChecks.__table__.c[n] for n in names)))
    }


def _computed(today) -> set[tuple]:
    query = quality_kept.computed(today).subquery()
    names = NAMES
    return {tuple(r) for r in db.session.execute(select(*(query.c[n] for n in names)))}


def _counts(today) -> dict[str, int]:
    return quality.summary(select(Client.id), today).by_check


def test_the_kept_rows_are_what_the_checks_compute_after_writes(app, world):
    with app.app_context():
        ids = plant(world, clean=False)
        today = clock.today()
        assert _kept() == _computed(today)
        assert len(_kept()) == db.session.scalar(select(db.func.count(Client.id)))
        # Fixed through the models: the problem goes in the same transaction.
        client = db.session.get(Client, ids["gender_not_asked"])
        client.gender = "declined"
        db.session.delete(
            db.session.scalar(select(Outcome).where(Outcome.client_id == ids["exit_date_bad"]))
        )
        follow_up = db.session.scalar(
            select(FollowUp).where(FollowUp.client_id == ids["follow_up_overdue"])
        )
        follow_up.result, follow_up.recorded_at = "employed", utcnow()
        db.session.commit()
        assert _kept() == _computed(today)
        counts = _counts(today)
    assert counts["gender_not_asked"] == 0
    assert counts["exit_date_bad"] == 0
    assert counts["follow_up_overdue"] == 0
    assert counts["esf_not_asked"] == 1


def test_a_follow_up_falls_overdue_on_its_day_without_any_write(app, world):
    with app.app_context():
        today = clock.today()
        client = _client(world, "Odottaa")
        due = today + timedelta(days=2)
        _left(client, today - timedelta(days=80), follow_ups=((3, due, "", None),))
        db.session.commit()
        assert _counts(today)["follow_up_overdue"] == 0
        row = db.session.get(ClientChecks, client.id)
        assert row.valid_until == due + timedelta(days=1)
        with freeze_time(due):
            assert _counts(clock.today())["follow_up_overdue"] == 0
        with freeze_time(due + timedelta(days=1)):
            found = quality.problem_rows(select(Client.id), clock.today())
            assert _counts(clock.today())["follow_up_overdue"] == 1
            db.session.expire_all()
            assert db.session.get(ClientChecks, client.id).valid_until is None
            assert _kept() == _computed(clock.today())
    follow_up = next(r for r in found if r.client_id == client.id).found["follow_up_overdue"]
    assert follow_up["follow_up_id"] > 0


def test_future_dates_stop_being_future_and_a_clock_set_back_is_caught(app, world):
    with app.app_context():
        today = clock.today()
        client = _client(world, "Tuleva", entry_date=today + timedelta(days=3))
        db.session.commit()
        assert _counts(today)["entry_date_bad"] == 1
        with freeze_time(today + timedelta(days=3)):
            assert _counts(clock.today())["entry_date_bad"] == 0
        # The row was written three days ahead: read today, it is written again.
        assert _counts(today)["entry_date_bad"] == 1
        assert db.session.get(ClientChecks, client.id).checked_on == today


def test_writes_that_bypass_the_models_are_caught_by_refresh_and_the_command(app, world):
    with app.app_context():
        plant(world, clean=True)
        today = clock.today()
        db.session.execute(update(Client).values(gender=""))
        db.session.commit()
        assert _counts(today)["gender_not_asked"] == 0  # not seen yet
        result = app.test_cli_runner().invoke(args=["reports", "refresh-quality"])
        assert result.exit_code == 0, result.output
        assert "participants rewritten" in result.output
        participants = quality.summary(select(Client.id), today)
    assert participants.by_check["gender_not_asked"] == participants.participants


def test_anonymised_and_removed_participants_lose_their_row(app, world):
    with app.app_context():
        ids = plant(world, clean=False)
        gone, anonymised = ids["birth_year_bad"], ids["gender_not_asked"]
        db.session.execute(
            update(Client).where(Client.id == anonymised).values(anonymised_at=utcnow())
        )
        db.session.execute(delete(ClientChecks.__table__).where(ClientChecks.client_id == -1))
        obj = db.session.get(Client, gone)
        db.session.delete(obj)
        db.session.commit()
        assert db.session.get(ClientChecks, gone) is None
        quality_kept.refresh([anonymised])
        quality_kept.refresh([anonymised])  # twice: the same row, no conflict
        db.session.commit()
        assert db.session.get(ClientChecks, anonymised) is None
        assert _kept() == _computed(clock.today())
        whole, rows = _both(clock.today())
    assert whole == rows


def test_the_retention_run_leaves_the_kept_rows_right(app, world):
    from portal.privacy import retention

    with app.app_context():
        plant(world, clean=False)
        with freeze_time(clock.today() + timedelta(days=365 * 12)):
            retention.run(dry_run=False)
            assert _kept() == _computed(clock.today())
            anonymised = db.session.scalar(
                select(db.func.count(Client.id)).where(Client.anonymised_at.is_not(None))
            )
    assert anonymised  # the run did anonymise someone: the check above was not empty


def _both(today) -> tuple[list, list]:
    """The counts per coach of every project (kept counts) and of everyone's rows."""
    whole = quality.by_coach(quality.Projects(), today)
    rows = quality.by_coach(select(Client.id), today)
    return sorted(map(repr, whole)), sorted(map(repr, rows))


def test_the_kept_counts_follow_every_change_of_the_rows(app, world):
    with app.app_context():
        ids = plant(world, clean=False)
        today = clock.today()
        whole, rows = _both(today)
        assert whole == rows and len(whole) == 2
        # A participant moves to another coach and another project; a problem is fixed.
        second = Project(
            name="Toinen",
            organisation_id=world.project.organisation_id,
            period_start=today,
            period_end=today,
        )
        db.session.add(second)
        db.session.flush()
        moved = db.session.get(Client, ids["status_not_asked"])
        moved.coach_id, moved.project_id = world.other_coach.id, second.id
        db.session.get(Client, ids["gender_not_asked"]).gender = "male"
        db.session.commit()
        assert _both(today)[0] == _both(today)[1]
        other = quality.by_coach(quality.Projects((second.id,)), today)
        assert [(c.coach_id, c.participants, c.with_problems) for c in other] == [
            (world.other_coach.id, 1, 1)
        ]
        # Rewritten twice, by the command, and on a later day: still the same.
        quality_kept.refresh([moved.id])
        quality_kept.refresh(select(Client.id))
        db.session.commit()
        assert _both(today)[0] == _both(today)[1]
        with freeze_time(today + timedelta(days=40)):
            later = clock.today()
            assert _both(later)[0] == _both(later)[1]
        assert app.test_cli_runner().invoke(args=["reports", "refresh-quality"]).exit_code == 0
        assert _both(today)[0] == _both(today)[1]


def test_a_coachs_caseload_in_two_parts_is_what_their_scope_holds(app, world):
    from portal.access.scoping import visible_clients
    from portal.models import User, group_members

    with app.app_context():
        ids = plant(world, clean=False)
        today = clock.today()
        coach = db.session.get(User, world.coach.id)
        # Two of the other coach's participants in a group the coach coaches, one of the
        # coach's own too (seen both ways: counted once).
        db.session.execute(
            insert(group_members),
            [
                {"group_id": world.group.id, "client_id": ids[key]}
                for key in ("follow_up_overdue", "status_not_asked")
            ],
        )
        db.session.commit()
        scope = visible_clients(coach).with_only_columns(Client.id)
        caseload = quality.Caseload(coach, (world.project.id,))
        for limit, after in ((None, None), (2, None), (3, (coach.id, ids["gender_not_asked"]))):
            parts = quality.page(caseload, today, after=after, limit=limit)
            whole = quality.page(scope, today, after=after, limit=limit)
            assert repr(parts) == repr(whole), (limit, after)
        rows, coaches = quality.page(caseload, today)
    assert ids["follow_up_overdue"] in {r.client_id for r in rows}
    assert {c.coach_id for c in coaches} == {world.coach.id, world.other_coach.id}
    # Everyone with a problem, and the world's young person of the coach, who has none.
    assert sum(c.participants for c in coaches) == len({r.client_id for r in rows}) + 1


def test_two_rewrites_of_one_participant_at_once_keep_the_counts_right(make_app):
    """On PostgreSQL the second waits for the first (its old row is locked) and then takes
    the first's new row off the counts, not the old one a second time."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("two connections at once: PostgreSQL (SQLite lets one writer in at a time)")
    with private_schema(url, "quality_race") as uri:
        app = make_app(SQLALCHEMY_DATABASE_URI=uri)
        with app.app_context():
            load_demo_data()
            client_id = db.session.scalar(select(Client.id).order_by(Client.id))
            db.session.get(Client, client_id).gender = ""
            db.session.commit()
            before = _all_counts()
        order = []

        def second() -> None:
            with app.app_context():
                quality_kept.refresh([client_id])
                order.append("second rewrote")
                db.session.commit()

        with app.app_context():
            quality_kept.refresh([client_id])
            other = threading.Thread(target=second)
            other.start()
            other.join(timeout=1)
            order.append("first commits")
            db.session.commit()
        other.join()
        with app.app_context():
            after = _all_counts()
            quality_counts.rebuild(db.session)
            db.session.commit()
            assert _all_counts() == after == before
            db.engine.dispose()  # before the schema goes
    assert order == ["first commits", "second rewrote"]


def _all_counts() -> list[tuple]:
    table = CheckCounts.__table__
    found = [tuple(r) for r in db.session.execute(select(table).order_by(*table.primary_key))]
    db.session.remove()
    return found
