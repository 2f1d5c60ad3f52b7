"""The young person's copy of their data (GDPR Art. 15, 20; checklist row 38)."""

from __future__ import annotations

import json

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, func, select

from portal.app.extensions import db
from portal.models import AuditEvent, ClientSensitive, Consent, ContactNote
from portal.privacy.catalog import personal_tables
from portal.privacy.linkage import client_links
from tests.conftest import count_queries
from tests.support.personal import seed_every_table


def uncovered(metadata: MetaData, declared: set[str]) -> set[str]:
    """Tables holding client data that no declaration covers."""
    return set(client_links(metadata)) - declared


def test_every_table_holding_client_data_is_declared(app):
    with app.app_context():
        declared = {t.table for t in personal_tables()}
        assert uncovered(db.metadata, declared) == set()
        assert declared - {"clients"} <= set(client_links(db.metadata))
        # The built-in plugins' tables are among them.
        assert {"assessments", "onboarding_step_marks", "recognition_grades"} <= declared


def test_the_coverage_check_finds_a_new_table_nobody_declared(app):
    with app.app_context():
        copy = MetaData()
        for table in db.metadata.tables.values():
            table.to_metadata(copy)
        Table(
            "x_notes",
            copy,
            Column("id", Integer, primary_key=True),
            Column("client_id", ForeignKey("clients.id")),
            Column("text", String(10)),
        )
        Table(
            "x_note_replies",
            copy,
            Column("id", Integer, primary_key=True),
            Column("note_id", ForeignKey("x_notes.id")),
        )
        declared = {t.table for t in personal_tables()}
        assert uncovered(copy, declared) == {"x_notes", "x_note_replies"}


def _export(app, client_id):
    from portal.models import Client
    from portal.privacy.subject import collect_export

    with app.test_request_context():
        return json.loads(collect_export(db.session.get(Client, client_id)).dumps())


def test_hook_portal_personal_data(app, world):
    with app.app_context():
        names = [t.table for t in personal_tables()]
        seed_every_table(world.client.id, names)
        other = seed_every_table(world.other_client.id, names)
    exported = _export(app, world.client.id)
    sections = {s["table"]: s for s in exported["tables"]}
    assert set(sections) == set(names)
    with app.app_context():
        for name, section in sections.items():
            columns = set(db.metadata.tables[name].columns.keys())
            assert set(section["columns"]) | set(section["withheld"]) == columns, name
            assert section["rows"], f"{name}: the seeded row is missing"
            for row in section["rows"]:
                assert set(row) == set(section["columns"]), name
    # Only this client's rows: the other client's seeded rows are not in the file.
    for name, section in sections.items():
        if name != "group_members":
            assert other.ids.get(name) not in {r.get("id") for r in section["rows"]}, name
    assert exported["account"]["email"] == "client@example.fi"
    assert "password_hash" not in json.dumps(exported)


def test_the_export_holds_consents_and_the_access_log(app, world, as_role):
    with app.app_context():
        db.session.add_all(
            [
                Consent(client_id=world.client.id, scope="support_text", shared_text="Tauot"),
                ContactNote(
                    client_id=world.client.id, on=world.placement.start_date, summary="Soitto"
                ),
                ClientSensitive(client_id=world.client.id, support_needs="Selkeät ohjeet"),
                AuditEvent(
                    action="sensitive.read",
                    client_id=world.client.id,
                    actor_id=world.coach.id,
                    purpose="coaching",
                    ip="10.0.0.1",
                ),
                AuditEvent(
                    action="sensitive.read", client_id=world.other_client.id, purpose="not hers"
                ),
            ]
        )
        db.session.commit()
    response = as_role("client_user").get("/my/copy.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    sections = {s["table"]: s for s in data["tables"]}
    assert sections["consents"]["rows"][0]["shared_text"] == "Tauot"
    assert sections["client_sensitive"]["rows"][0]["support_needs"] == "Selkeät ohjeet"
    reads = sections["audit_events"]["rows"]
    assert {(r["action"], r["purpose"]) for r in reads} >= {("sensitive.read", "coaching")}
    assert "not hers" not in json.dumps(data)
    assert "10.0.0.1" not in json.dumps(data)  # another person's address is withheld
    assert data["format"] == "polku-subject-access/1"


def test_each_download_is_audited(app, world, as_role):
    client = as_role("client_user")
    assert client.get("/my/copy").status_code == 200
    assert client.get("/my/copy.json").status_code == 200
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "subject_export")
        ).all()
    assert [(e.client_id, e.object_type, e.actor_id) for e in events] == [
        (world.client.id, "html", world.client_user.id),
        (world.client.id, "json", world.client_user.id),
    ]


def test_the_readable_page_is_in_the_users_language(app, world, as_role):
    with app.app_context():
        db.session.add(
            Consent(
                client_id=world.client.id,
                scope="support_text",
                shared_text="<script>alert(1)</script>",
            )
        )
        db.session.commit()
    client = as_role("client_user")
    page = client.get("/my/copy").get_data(as_text=True)
    assert "Kaikki sinusta tallennettu tieto" in page
    assert "Suostumukset" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    client.post("/language", {"lang": "sv", "next": "/my/copy"}, form_url="/my/copy")
    assert "Allt som sparats om dig" in client.get("/my/copy").get_data(as_text=True)


def test_only_the_young_person_and_the_admin_get_the_export(app, world, as_role):
    for role in ("coach", "employer", "admin"):
        assert as_role(role).get("/my/copy").status_code in (403, 404), role
    admin = as_role("admin")
    assert admin.get(f"/admin/clients/{world.client.id}/privacy/data.json").status_code == 200
    assert admin.get(f"/admin/clients/{world.client.id}/privacy/data").status_code == 200
    for role in ("coach", "employer", "client_user"):
        url = f"/admin/clients/{world.client.id}/privacy/data.json"
        assert as_role(role).get(url).status_code == 403, role
    assert admin.get("/admin/clients/999999/privacy/data.json").status_code == 404


def test_the_export_runs_a_fixed_number_of_statements(app, world, as_role):
    client = as_role("client_user")
    with count_queries(app) as small:
        assert client.get("/my/copy.json").status_code == 200
    with app.app_context():
        db.session.add_all(
            [
                ContactNote(
                    client_id=world.client.id, on=world.placement.start_date, summary=str(i)
                )
                for i in range(50)
            ]
        )
        db.session.commit()
    with count_queries(app) as large:
        assert client.get("/my/copy.json").status_code == 200
    assert len(small) == len(large)
    with app.app_context():
        assert db.session.scalar(select(func.count(ContactNote.id))) == 50


def test_the_readable_page_shows_values_not_row_keys(app, world, as_role):
    with app.app_context():
        db.session.add(ClientSensitive(client_id=world.client.id, support_needs="Selkeät ohjeet"))
        db.session.commit()
    page = as_role("client_user").get("/my/copy").get_data(as_text=True)
    assert "Selkeät ohjeet" in page and "Aino" in page
    assert "<dt>Client id</dt>" not in page and "<dt>Version</dt>" not in page


def test_the_exports_rows_share_places_between_tables(app):
    """Each table's columns take places of their kind in the statement's rows: the row is
    as wide as the widest use of each kind, not every declared column side by side."""
    from portal.privacy.subject import _layout

    with app.test_request_context():
        layout = _layout()
        declared = sum(len(part.columns) for part in layout.parts)
        width = len(layout.statement.selected_columns)
        assert width < declared / 4, (width, declared)
        for part in layout.parts:  # no two columns of a table in one place
            assert len(set(part.places)) == len(part.columns), part.table.name
