"""Issue 19's migration: a single-project installation moves into one default project of one
organisation without losing anything, and goes back (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_migrate import downgrade, upgrade
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    MetaData,
    Table,
    func,
    insert,
    inspect,
    select,
    text,
)

from portal.app.extensions import db

BEFORE, AFTER = "0019_jobs", "0021_projects"
NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)


def _filler(column) -> Any:
    """A value for a required column the test does not care about."""
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return 1
    if isinstance(kind, DateTime):
        return NOW
    if isinstance(kind, Date):
        return date(2026, 3, 1)
    if isinstance(kind, JSON):
        return {}
    return "x"


def _add(conn, table_name: str, /, **values) -> int:
    """Insert a row into the table as it is at this revision, filling its required columns."""
    table = Table(table_name, MetaData(), autoload_with=conn)
    row = {
        c.name: _filler(c)
        for c in table.columns
        if not c.nullable and c.server_default is None and not c.primary_key
    } | values
    result = conn.execute(insert(table).values(**row))
    return result.inserted_primary_key[0] if result.inserted_primary_key else 0


def _single_project_installation(conn) -> dict[str, Any]:
    """Demo-like rows of a single-project installation: settings, staff, companies, groups,
    clients (one with a sign-in, one with sensitive data) and a placement."""
    settings = _add(
        conn,
        "project_settings",
        name="Polku-hanke",
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
        target_clients=240,
        reporting_deadlines="2026-03-31",
        quality_remind_days=10,
        version=3,
    )
    coaches = [_add(conn, "users", email=f"c{i}@x.fi", role="coach", name=f"C{i}") for i in (1, 2)]
    admin = _add(conn, "users", email="a@x.fi", role="admin", name="A")
    client_user = _add(conn, "users", email="n@x.fi", role="client", name="N")
    companies = [
        _add(conn, "companies", name=f"Yritys {i}", business_id=f"100000{i}-1") for i in (1, 2)
    ]
    group = _add(
        conn, "groups", name="Ryhmä", start_date=date(2026, 1, 5), end_date=date(2026, 1, 16)
    )
    clients = [
        _add(
            conn,
            "clients",
            first_name=f"Nuori{i}",
            last_name="Testinen",
            coach_id=coaches[i % 2],
            user_id=client_user if i == 0 else None,
            state="closed" if i == 2 else "workplace_coaching",
        )
        for i in range(3)
    ]
    conn.execute(
        text("INSERT INTO group_members (group_id, client_id) VALUES (:g, :c)"),
        {"g": group, "c": clients[0]},
    )
    _add(conn, "client_sensitive", client_id=clients[1], support_needs="Tukea aamuisin")
    _add(
        conn,
        "placements",
        client_id=clients[0],
        company_id=companies[0],
        start_date=date(2026, 2, 1),
        end_date=date(2026, 4, 1),
    )
    return {
        "settings": settings,
        "coaches": coaches,
        "admin": admin,
        "companies": companies,
        "group": group,
        "clients": clients,
        "client_user": client_user,
    }


def _count(conn, table: str) -> int:
    return conn.execute(select(func.count()).select_from(text(table))).scalar()


def _check_upgraded(conn, rows: dict[str, Any]) -> None:
    (organisation,) = conn.execute(text("SELECT id, name FROM organisations")).all()
    assert organisation.name == "Polku-hanke"
    (project,) = conn.execute(text("SELECT * FROM projects")).mappings().all()
    assert project["organisation_id"] == organisation.id
    assert (project["name"], project["funder"], project["funding_code"]) == ("Polku-hanke", "", "")
    assert str(project["period_start"])[:10] == "2025-01-01"
    assert str(project["period_end"])[:10] == "2026-12-31"
    assert (project["reporting_deadlines"], project["quality_remind_days"]) == ("2026-03-31", 10)
    assert project["version"] == 3
    enrolments = conn.execute(
        text("SELECT id, person_id, project_id, previous_enrolment_id, user_id FROM clients")
    ).all()
    assert sorted(e.id for e in enrolments) == sorted(rows["clients"])
    assert {e.project_id for e in enrolments} == {project["id"]}
    assert {e.previous_enrolment_id for e in enrolments} == {None}
    people = {e.person_id for e in enrolments}
    assert len(people) == len(enrolments) == _count(conn, "people")
    assert [e.user_id for e in enrolments if e.user_id] == [rows["client_user"]]
    (group_project,) = conn.execute(text("SELECT project_id FROM groups")).scalars().all()
    assert group_project == project["id"]
    coaches = conn.execute(text("SELECT project_id, user_id FROM project_coaches")).all()
    assert sorted(coaches) == sorted((project["id"], c) for c in rows["coaches"])
    companies = conn.execute(text("SELECT company_id FROM project_companies")).scalars().all()
    assert sorted(companies) == sorted(rows["companies"])
    assert conn.execute(text("SELECT project_id FROM users")).scalars().all() == [None] * 4
    _check_kept(conn)


def _check_kept(conn) -> None:
    """What was there before is there still."""
    names = conn.execute(text("SELECT first_name FROM clients ORDER BY id")).scalars().all()
    assert names == ["Nuori0", "Nuori1", "Nuori2"]
    assert _count(conn, "group_members") == 1
    assert _count(conn, "placements") == 1
    support = conn.execute(text("SELECT support_needs FROM client_sensitive")).scalar()
    assert support == "Tukea aamuisin"
    assert _count(conn, "users") == 4 and _count(conn, "companies") == 2


def test_a_single_project_installation_moves_into_a_default_project_and_back(empty_db_app):
    app = empty_db_app()
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            rows = _single_project_installation(conn)
        upgrade(revision=AFTER)
        with db.engine.connect() as conn:
            _check_upgraded(conn, rows)
        # The portal adds the next person and enrolment after the migrated ones.
        with db.engine.begin() as conn:
            person = _add(conn, "people", created_at=NOW)
            assert person > max(rows["clients"])

        downgrade(revision=BEFORE)
        tables = set(inspect(db.engine).get_table_names())
        assert "projects" not in tables and "people" not in tables
        with db.engine.connect() as conn:
            settings = conn.execute(text("SELECT * FROM project_settings")).mappings().one()
            assert (settings["name"], settings["quality_remind_days"]) == ("Polku-hanke", 10)
            _check_kept(conn)
        upgrade(revision=AFTER)
        with db.engine.connect() as conn:
            assert _count(conn, "projects") == 1
            assert _count(conn, "people") == 3
            _check_kept(conn)


def test_an_installation_that_never_saved_its_settings_gets_a_default_project(empty_db_app):
    app = empty_db_app()
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            client = _add(conn, "clients", first_name="Yksin", last_name="Nuori")
        upgrade(revision=AFTER)
        with db.engine.connect() as conn:
            (project,) = conn.execute(text("SELECT * FROM projects")).mappings().all()
            assert project["name"] == "Polku" and project["target_clients"] == 240
            enrolment = conn.execute(
                text("SELECT person_id, project_id FROM clients WHERE id = :c"), {"c": client}
            ).one()
            assert enrolment.project_id == project["id"] and enrolment.person_id
