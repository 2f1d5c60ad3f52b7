"""Reads of a client's data leave audit rows: one INSERT a request, denied attempts too, and
the database refuses to change or delete a row (checklist rows 31, 32, 33)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from portal.app.extensions import db
from portal.models import AuditEvent, ClientSensitive
from tests.conftest import count_queries


def events(app, **where) -> list[AuditEvent]:
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


def reads(app) -> list[AuditEvent]:
    return [e for e in events(app) if e.action == "read" or e.action.endswith(".read")]


def test_the_client_page_leaves_exactly_one_read_row_with_who_when_and_why(app, as_role, world):
    coach = as_role("coach")
    before = len(events(app))
    assert coach.get(f"/clients/{world.client.id}").status_code == 200
    new = events(app)[before:]
    assert len(new) == 1
    (row,) = new
    assert (row.action, row.outcome, row.client_id) == ("read", "ok", world.client.id)
    assert (row.actor_id, row.actor_role, row.company_id) == (world.coach.id, "coach", None)
    assert row.object_type == "clients.detail" and row.purpose == "coaching"
    assert row.at is not None and row.ip


def test_the_sensitive_page_leaves_one_row_with_its_purpose_and_no_values(app, as_role, world):
    with app.app_context():
        db.session.add(
            ClientSensitive(
                client_id=world.client.id,
                learning_difficulties="lukivaikeus",
                support_needs="",
                immigrant_background=True,
                native_language="somali",
                finnish_level="A2.1",
            )
        )
        db.session.commit()
    admin = as_role("admin")
    before = len(events(app))
    url = f"/clients/{world.client.id}/sensitive"
    assert admin.post(url, {"purpose": "Tietopyyntö"}).status_code == 200
    # Opening the page that asks for the purpose is a read of the client page; then the one
    # read of the sensitive data itself, with the purpose given.
    (row,) = [e for e in events(app)[before:] if e.action == "sensitive.read"]
    assert (row.action, row.purpose, row.actor_role) == ("sensitive.read", "Tietopyyntö", "admin")
    stored = " ".join(str(v) for v in vars(row).values())
    assert "lukivaikeus" not in stored and "somali" not in stored


@pytest.mark.parametrize(
    "url",
    [
        "/clients/{cid}/timeline",
        "/p/assessments/clients/{cid}",
        "/p/recognition/clients/{cid}",
        "/p/recognition/clients/{cid}/record",
    ],
)
def test_pages_of_the_core_and_the_plugins_log_their_reads(app, as_role, world, url):
    coach = as_role("coach")
    before = len(reads(app))
    assert coach.get(url.format(cid=world.client.id)).status_code == 200
    new = reads(app)[before:]
    assert [(r.client_id, r.actor_id) for r in new] == [(world.client.id, world.coach.id)]


def test_the_employers_trainee_page_logs_the_company(app, as_role, world):
    employer = as_role("employer")
    assert employer.get(f"/trainees/{world.client.id}").status_code == 200
    (row,) = reads(app)
    assert (row.actor_role, row.company_id, row.purpose) == (
        "employer",
        world.company.id,
        "workplace_supervision",
    )
    assert row.object_type == "trainees.detail"


def test_a_page_writes_its_reads_in_one_statement(app, as_role, world):
    coach = as_role("coach")
    with count_queries(app) as statements:
        assert coach.get(f"/clients/{world.client.id}").status_code == 200
    assert len([s for s in statements if "audit_events" in s and "INSERT" in s]) == 1


def test_the_young_persons_own_pages_are_not_logged(app, as_role, world):
    client = as_role("client_user")
    before = len(events(app))
    for url in ("/", "/my/information", "/my/data/"):
        assert client.get(url).status_code == 200
    assert events(app)[before:] == []


def test_lists_without_client_data_leave_no_read(app, as_role, world):
    coach = as_role("coach")
    assert coach.get("/clients/").status_code == 200
    assert reads(app) == []


def test_another_coachs_client_is_a_denied_attempt(app, as_role, world):
    coach = as_role("coach")
    assert coach.get(f"/clients/{world.other_client.id}").status_code == 404
    assert coach.get(f"/clients/{world.other_client.id}/timeline").status_code == 404
    denied = events(app, outcome="denied")
    assert [(e.client_id, e.actor_id, e.object_type) for e in denied] == [
        (world.other_client.id, world.coach.id, "clients.detail"),
        (world.other_client.id, world.coach.id, "pathway.timeline"),
    ]
    assert not [e for e in reads(app) if e.outcome == "ok"]


def test_a_403_is_logged_as_denied(app, as_role, world):
    employer = as_role("employer")
    assert employer.get(f"/clients/{world.client.id}").status_code == 403
    (row,) = events(app, outcome="denied")
    assert (row.actor_id, row.client_id, row.object_type, row.action) == (
        world.employer.id,
        world.client.id,
        "clients.detail",
        "denied",
    )


def test_a_404_after_the_client_was_loaded_turns_the_read_into_a_denied_one(app, as_role, world):
    employer = as_role("employer")
    url = f"/trainees/{world.client.id}/reviews/999999"
    assert employer.get(url).status_code == 404
    assert [(e.outcome, e.client_id) for e in events(app, actor_id=world.employer.id)][-1] == (
        "denied",
        world.client.id,
    )


def test_an_assessment_of_someone_else_is_denied(app, as_role, world):
    coach = as_role("coach")
    assert coach.get("/p/assessments/424242").status_code == 404
    (row,) = events(app, outcome="denied")
    assert (row.object_type, row.object_id) == ("assessment", 424242)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_events SET action = 'tampered'", "DELETE FROM audit_events"],
)
def test_the_database_refuses_to_change_the_trail(app, world, as_role, statement):
    as_role("coach")  # signing in leaves an event
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id))) > 0
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert "tampered" not in db.session.scalars(select(AuditEvent.action)).all()
