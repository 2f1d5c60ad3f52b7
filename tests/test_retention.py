"""The retention job and erasure (GDPR Art. 5(1)(e), 17; checklist row 39)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import JSON, String, Text, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    AuditEvent,
    Client,
    ClientSensitive,
    Consent,
    PathwayState,
    Project,
    StateTransition,
    User,
)
from portal.privacy import retention
from portal.privacy.catalog import APPEND_ONLY, personal_tables
from portal.privacy.linkage import client_links, rows_of
from portal.reports import funder
from portal.reports.figures import Filters, compute
from tests.support.personal import NAME, seed_every_table


def _declared():
    return {t.table: t for t in personal_tables()}


def _close(client_id: int, on: date) -> None:
    client = db.session.get(Client, client_id)
    client.state = PathwayState.CLOSED
    at = clock.now().replace(year=on.year, month=on.month, day=on.day)
    db.session.add(
        StateTransition(client_id=client_id, from_state="follow_up", to_state="closed", at=at)
    )
    db.session.commit()


def _project_ended(years_ago: int) -> None:
    today = clock.today()
    project = db.session.scalar(select(Project).order_by(Project.id).limit(1))
    project.period_start = date(today.year - years_ago - 2, 1, 1)
    project.period_end = date(today.year - years_ago - 1, 12, 31)
    db.session.commit()


def _rows(client_id: int, name: str) -> list[dict]:
    metadata = db.metadata
    table = metadata.tables[name]
    condition = rows_of(metadata, client_links(metadata), name, [client_id])
    return [dict(r) for r in db.session.execute(select(table).where(condition)).mappings()]


def test_every_text_column_of_client_data_is_classified(app):
    """A new text column must say whether anonymisation empties or keeps it."""
    with app.app_context():
        for name, declared in _declared().items():
            table = db.metadata.tables[name]
            texts = {c.name for c in table.columns if isinstance(c.type, String | Text | JSON)}
            classified = [
                *declared.free_text,
                *declared.sensitive,
                *declared.codes,
                *declared.scrub,
            ]
            assert len(classified) == len(set(classified)), name
            assert texts == set(classified), name


def test_sensitive_data_is_removed_months_after_the_relationship_closed(ctx):
    from tests.support.world import World

    world = World()
    names = list(_declared())
    seed_every_table(world.client.id, names)
    seed_every_table(world.other_client.id, names)
    _close(world.client.id, clock.today() - timedelta(days=200))
    _close(world.other_client.id, clock.today() - timedelta(days=100))  # not yet
    report = retention.run(dry_run=False)
    assert report.clients == {"sensitive": 1, "anonymise": 0}
    assert report.rows["sensitive"] == {"client_sensitive": 1, "consents": 1}
    mine = db.session.get(ClientSensitive, world.client.id)
    assert (mine.learning_difficulties, mine.support_needs, mine.native_language) == ("", "", "")
    assert mine.finnish_level == ""
    assert (
        db.session.scalar(select(Consent.shared_text).where(Consent.client_id == world.client.id))
        == ""
    )
    other = db.session.get(ClientSensitive, world.other_client.id)
    assert NAME in other.support_needs
    # Free text stays until the funder's period is over.
    assert (
        NAME
        in db.session.get(Client, world.client.id).first_name
        + db.session.get(Client, world.client.id).last_name
    )
    again = retention.run(dry_run=False)
    assert again.rows == {"sensitive": {}, "anonymise": {}}


def test_anonymisation_leaves_no_identifier_or_free_text_and_is_idempotent(ctx):
    from tests.support.world import World

    world = World()
    names = list(_declared())
    seed_every_table(world.client.id, names)
    _close(world.client.id, clock.today() - timedelta(days=4000))
    _project_ended(years_ago=11)
    report = retention.run(dry_run=False)
    assert report.clients["anonymise"] == 2  # the world's two clients
    for client_id in (world.client.id, world.other_client.id):
        for name, declared in _declared().items():
            if name in APPEND_ONLY:
                continue
            table = db.metadata.tables[name]
            kept = set(declared.codes)
            for row in _rows(client_id, name):
                for column in table.columns:
                    value = row[column.name]
                    if column.name in kept or value is None:
                        continue
                    assert NAME not in json.dumps(value, default=str), f"{name}.{column.name}"
    client = db.session.get(Client, world.client.id)
    assert client.first_name == "" and client.last_name == f"#{client.id}"
    assert client.anonymised_at is not None
    account = db.session.get(User, world.client_user.id)
    assert NAME.lower() not in account.email.lower() and account.name == ""
    assert account.password_hash is None and not account.active
    # Staff accounts are not touched.
    assert db.session.get(User, world.coach.id).active
    again = retention.run(dry_run=False)
    assert again.clients["anonymise"] == 0 and again.rows == {"sensitive": {}, "anonymise": {}}
    runs = db.session.scalars(
        select(AuditEvent.purpose).where(AuditEvent.action == "retention_run")
    ).all()
    assert len(runs) == 2


def test_the_anonymised_young_person_cannot_sign_in(app, world, browser):
    with app.app_context():
        _project_ended(years_ago=11)
        retention.run(dry_run=False)
    response = browser.login("client@example.fi")
    assert response.status_code != 302


def test_a_dry_run_counts_the_same_and_changes_nothing(ctx):
    from tests.support.world import World

    world = World()
    seed_every_table(world.client.id, list(_declared()))
    _close(world.client.id, clock.today() - timedelta(days=4000))
    _project_ended(years_ago=11)
    dry = retention.run(dry_run=True)
    assert NAME in db.session.get(Client, world.client.id).last_name
    assert db.session.get(Client, world.client.id).anonymised_at is None
    real = retention.run(dry_run=False)
    assert dry.rows == real.rows and dry.clients == real.clients
    kinds = db.session.scalars(
        select(AuditEvent.object_type).where(AuditEvent.action == "retention_run")
    ).all()
    assert kinds == ["dry_run", "run"]


def test_nothing_is_anonymised_while_the_funder_keeps_the_records(ctx):
    from tests.support.world import World

    world = World()
    _project_ended(years_ago=2)
    report = retention.run(dry_run=False)
    assert report.clients["anonymise"] == 0
    assert db.session.get(Client, world.client.id).first_name == "Aino"


def test_reports_count_the_same_after_anonymisation(ctx, monkeypatch):
    from portal.reports import suppression
    from tests.support.world import World

    # Two clients: small cells would hide the very figures compared here.
    monkeypatch.setattr(suppression, "MIN_CELL", 1)

    world = World()
    seed_every_table(world.client.id, list(_declared()))
    db.session.get(ClientSensitive, world.client.id).immigrant_background = True
    db.session.commit()
    _close(world.client.id, clock.today() - timedelta(days=4000))
    _project_ended(years_ago=11)
    scope = select(Client.id)
    filters = Filters(start=date(2000, 1, 1), end=clock.today())

    def figures():
        return compute(scope, filters), funder.tables(scope, filters)

    before = figures()
    assert retention.run(dry_run=False).clients["anonymise"] == 2
    db.session.expire_all()
    assert figures() == before
    assert before[0].clients == 2 and before[0].immigrants == 1


def test_the_retention_command_prints_a_report(app, world):
    with app.app_context():
        _project_ended(years_ago=11)
    cli = app.test_cli_runner()
    dry = cli.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run" in dry.output and "anonymise: 2 clients" in dry.output
    real = cli.invoke(args=["retention", "run"])
    assert "anonymise: 2 clients" in real.output and "clients" in real.output
    assert "anonymise: 0 clients, 0 rows" in cli.invoke(args=["retention", "run"]).output


@pytest.mark.parametrize("months", [0, 6, 13])
def test_months_before_handles_month_ends(months):
    from portal.privacy.periods import months_before

    day = months_before(date(2026, 3, 31), months)
    assert day.day in (28, 29, 30, 31) and day <= date(2026, 3, 31)


@freeze_time("2026-03-31 12:00:00")
def test_months_before_february():
    from portal.privacy.periods import months_before

    assert months_before(clock.today(), 1) == date(2026, 2, 28)
    assert months_before(clock.today(), -11) == date(2027, 2, 28)
