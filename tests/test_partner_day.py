"""A partner system's day, through the API only: the city's case system refers a young person
(and is stopped from entering one twice), reads their pathway, is told by a signed webhook
when their placement starts, reads their school record in the eHOKS form, and is refused a
change made on a stale copy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.integrations import webhooks
from portal.models import AuditEvent, Client, User
from portal.rest.spec import BASE
from tests.support.api import token_for
from tests.support.browser import form_fields
from tests.support.receiver import serve

TODAY = clock.today()


@pytest.fixture
def receiver():
    yield from serve()


def test_a_partner_system_s_day(app, world, as_role, receiver):
    # The admin has set the system up: a token and a webhook acting as the coach.
    secret = token_for(app, world.coach.id, ["clients:read", "referrals:write"])
    with app.app_context():
        coach_account = db.session.get(User, world.coach.id)
        made = webhooks.make(
            "Case system", receiver.url, coach_account, ["placement.started"], coach_account
        )
        receiver.secret = made.secret
    system = app.test_client()
    auth = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}

    # 1. A referral of someone already in Polku is caught, with whom it is likely to be.
    again = {"first_name": "Aino", "last_name": "Virtanen", "birth_year": 2004}
    caught = system.post(BASE + "/clients", json=again, headers=auth)
    assert caught.status_code == 409
    assert [d["id"] for d in caught.json["duplicates"]] == [world.client.id]

    # 2. A new young person is referred, once, whatever the retries.
    referral = {
        "first_name": "Matti",
        "last_name": "Meikäläinen",
        "birth_year": 2005,
        "email": "matti@example.fi",
    }
    keyed = auth | {"Idempotency-Key": "case-4711"}
    created = system.post(BASE + "/clients", json=referral, headers=keyed)
    assert created.status_code == 201, created.json
    retried = system.post(BASE + "/clients", json=referral, headers=keyed)
    assert retried.json["id"] == created.json["id"]
    client_id, etag = created.json["id"], created.headers["ETag"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Client.last_name == "Meikäläinen")) == 1

    # 3. Its pathway: referred, no placement yet.
    pathway = system.get(f"{BASE}/clients/{client_id}/pathway", headers=auth)
    assert pathway.status_code == 200 and pathway.json["placements"] == []

    # 4. The coach agrees a placement on the portal's page; the system is told, signed.
    start = TODAY + timedelta(days=7)
    added = as_role("coach").post(
        f"/clients/{client_id}/placements/new",
        {
            "company_id": str(world.company.id),
            "supervisor_id": str(world.employer.id),
            "kind": "workplace_coaching",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=60)).isoformat(),
            "part_time_percent": "100",
            "tasks": "Keräily",
        },
    )
    assert added.status_code == 302, added.text[-600:]
    [message] = receiver.received
    assert message.signed and message.json["type"] == "placement.started"
    assert message.json["data"]["client_id"] == client_id
    assert message.json["data"]["start_date"] == start.isoformat()
    placement_id = message.json["data"]["placement_id"]
    pathway = system.get(f"{BASE}/clients/{client_id}/pathway", headers=auth).json
    assert [p["id"] for p in pathway["placements"]] == [placement_id]

    # 5. The school record, as eHOKS takes it.
    record = system.get(f"{BASE}/p/recognition/clients/{client_id}/ehoks", headers=auth)
    assert record.status_code == 200
    assert "hoks" in record.json and record.json["polku"]["oppija"]["sukunimi"] == "Meikäläinen"

    # 6. The coach changes the young person on the page; the system's stale copy is refused.
    coach = as_role("coach")
    edit = f"/clients/{client_id}/edit"
    assert (
        coach.post(edit, {**form_fields(coach, edit), "municipality": "Espoo"}).status_code == 302
    )
    stale = system.patch(
        f"{BASE}/clients/{client_id}",
        json={"municipality": "Vantaa"},
        headers=auth | {"If-Match": etag},
    )
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json" and stale.json["title"]
    current = system.get(f"{BASE}/clients/{client_id}", headers=auth)
    assert current.json["municipality"] == "Espoo"
    fresh = system.patch(
        f"{BASE}/clients/{client_id}",
        json={"municipality": "Vantaa"},
        headers=auth | {"If-Match": current.headers["ETag"]},
    )
    assert fresh.status_code == 200 and fresh.json["municipality"] == "Vantaa"

    # What the system read is in the young person's access log.
    with app.app_context():
        reads = set(
            db.session.scalars(
                select(AuditEvent.object_type).where(
                    AuditEvent.client_id == client_id, AuditEvent.action.like("%read")
                )
            )
        )
    assert {"api.pathway", "school_record"} <= reads, reads
