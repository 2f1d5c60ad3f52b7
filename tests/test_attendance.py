"""Attendance: everyone present by default, partial saves, no marks for future sessions, and an
attended session counts as contact with the client."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Attendance,
    Client,
    ContactNote,
    GroupSession,
    NetworkPartner,
    PathwayState,
    Referral,
    group_members,
)
from portal.pathway import risks
from tests.conftest import add_group_clients, count_queries

TODAY = clock.today()
SAVE = "Tallenna läsnäolot"


def _session(app, group_id: int, on) -> int:
    with app.app_context():
        session = GroupSession(group_id=group_id, on=on, title="Pelisäännöt")
        db.session.add(session)
        db.session.commit()
        return session.id


def _checked(page: str) -> dict[int, str]:
    """The ticked mark of each member on the attendance form."""
    ticks = re.findall(r'name="client-(\d+)" value="(\w+)" checked', page)
    return {int(client_id): value for client_id, value in ticks}


def _marks(app, session_id: int) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(
            select(Attendance.client_id, Attendance.status).where(
                Attendance.session_id == session_id
            )
        )
        return {client_id: status for client_id, status in rows}


def _with_entry(app, client_ids: list[int], days_ago: int) -> None:
    with app.app_context():
        for client_id in client_ids:
            db.session.get(Client, client_id).entry_date = TODAY - timedelta(days=days_ago)
        db.session.commit()


def test_a_new_session_starts_with_everyone_present(app, as_role, world):
    others = add_group_clients(app, world, 2)
    _with_entry(app, others, 30)
    session_id = _session(app, world.group.id, TODAY)
    page = as_role("coach").get(f"/groups/{world.group.id}/sessions/{session_id}")
    assert page.status_code == 200
    everyone = {world.client.id, *others}
    assert _checked(page.get_data(as_text=True)) == dict.fromkeys(everyone, "present")


def test_a_member_who_entered_after_the_session_is_not_ticked_nor_accepted(app, as_role, world):
    (late,) = add_group_clients(app, world, 1)  # entered today
    session_id = _session(app, world.group.id, TODAY - timedelta(days=3))
    coach = as_role("coach")
    url = f"/groups/{world.group.id}/sessions/{session_id}"
    assert _checked(coach.get(url).get_data(as_text=True)) == {world.client.id: "present"}
    refused = coach.post(url, {f"client-{world.client.id}": "present", f"client-{late}": "absent"})
    assert refused.status_code == 400
    assert "ennen asiakkaan tuloa" in refused.get_data(as_text=True)
    assert _marks(app, session_id) == {}


def test_attendance_can_be_saved_partly_and_completed_later(app, as_role, world):
    (other,) = add_group_clients(app, world, 1)
    _with_entry(app, [other], 30)
    session_id = _session(app, world.group.id, TODAY)
    coach = as_role("coach")
    url = f"/groups/{world.group.id}/sessions/{session_id}"
    first = coach.post(url, {f"client-{world.client.id}": "absent"})
    assert first.status_code == 302
    assert _marks(app, session_id) == {world.client.id: "absent"}
    again = coach.get(url).get_data(as_text=True)
    assert _checked(again) == {world.client.id: "absent"}  # the unmarked one stays unmarked
    assert coach.post(url, {f"client-{other}": "excused"}).status_code == 302
    assert _marks(app, session_id) == {world.client.id: "absent", other: "excused"}
    nothing = coach.post(url, {})
    assert nothing.status_code == 400 and "ainakin yhdelle" in nothing.get_data(as_text=True)
    unknown = coach.post(url, {f"client-{other}": "late"})
    assert unknown.status_code == 400
    assert _marks(app, session_id) == {world.client.id: "absent", other: "excused"}


def test_a_future_session_takes_no_attendance(app, as_role, world):
    session_id = _session(app, world.group.id, TODAY + timedelta(days=7))
    coach = as_role("coach")
    url = f"/groups/{world.group.id}/sessions/{session_id}"
    page = coach.get(url).get_data(as_text=True)
    assert SAVE not in page and "Merkitse läsnäolo sinä päivänä" in page
    refused = coach.post(url, {f"client-{world.client.id}": "present"}, form_url="/accessibility")
    assert refused.status_code == 400
    assert "Merkitse läsnäolo sinä päivänä" in refused.get_data(as_text=True)
    assert _marks(app, session_id) == {}
    detail = coach.get(f"/groups/{world.group.id}").get_data(as_text=True)
    assert f"/sessions/{session_id}" not in detail and "Tulossa" in detail


def _active_client(app, world, *, contact_days_ago: int | None = None) -> int:
    with app.app_context():
        client = Client(
            project_id=world.project.id,
            first_name="Riku",
            last_name="Riski",
            birth_year=2003,
            entry_date=TODAY - timedelta(days=60),
            coach_id=world.coach.id,
            state=PathwayState.ATTITUDE_TRAINING,
            created_at=clock.utcnow() - timedelta(days=60),
        )
        db.session.add(client)
        db.session.flush()
        db.session.execute(
            group_members.insert().values(group_id=world.group.id, client_id=client.id)
        )
        if contact_days_ago is not None:
            db.session.add(
                ContactNote(client_id=client.id, on=TODAY - timedelta(days=contact_days_ago))
            )
        db.session.commit()
        return client.id


def _no_contact(client_id: int) -> bool:
    signals = risks.no_recent_contact(select(Client.id).where(Client.id == client_id), TODAY)
    return [s.client_id for s in signals] == [client_id]


def _attend(app, world, client_id: int, days_ago: int, status: str) -> None:
    session_id = _session(app, world.group.id, TODAY - timedelta(days=days_ago))
    with app.app_context():
        db.session.add(Attendance(session_id=session_id, client_id=client_id, status=status))
        db.session.commit()


def test_an_attended_session_counts_as_contact(app, world):
    seen = _active_client(app, world, contact_days_ago=20)
    _attend(app, world, seen, 3, "present")
    missed = _active_client(app, world, contact_days_ago=20)
    _attend(app, world, missed, 3, "absent")
    with app.app_context():
        assert not _no_contact(seen)
        assert _no_contact(missed)


def test_no_contact_is_one_statement_over_every_source(app, world):
    _active_client(app, world)
    with count_queries(app) as statements, app.app_context():
        risks.no_recent_contact(select(Client.id), TODAY)
    assert len(statements) == 1
    # each source is probed twice per client: in the last 14 days, and before them
    assert statements[0].upper().count("EXISTS") == 2 * len(risks.CONTACT_SOURCES)


def test_no_contact_reads_only_the_clients_own_contacts(app, world):
    """The probes go by the client's index, not by the dates of everybody's contacts (SQLite
    would otherwise walk every session and contact note of the date range)."""
    client_id = _active_client(app, world)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plan is SQLite's")
        query = risks.out_of_contact(select(Client.id).where(Client.id == client_id), TODAY)
        sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
        plan = " ".join(row[3] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    for table in ("contact_notes", "attendance", "reviews"):
        assert f"SEARCH {table} USING INDEX ix_{table}_client_id" in plan, plan
    assert "ix_group_sessions_on" not in plan


def test_a_contact_source_is_one_more_entry(app, world, monkeypatch):
    client_id = _active_client(app, world)
    with app.app_context():
        assert _no_contact(client_id)
        partner_id = _partner()
        db.session.add(
            Referral(
                client_id=client_id,
                partner_id=partner_id,
                direction="out",
                on=TODAY,
                reason="Asunto",
            )
        )
        db.session.commit()
        monkeypatch.setattr(
            risks,
            "CONTACT_SOURCES",
            [*risks.CONTACT_SOURCES, lambda: select(Referral.client_id, Referral.on)],
        )
        assert not _no_contact(client_id)


def test_a_contact_dated_ahead_does_not_count(app, world):
    client_id = _active_client(app, world, contact_days_ago=-3)
    with app.app_context():
        assert _no_contact(client_id)
        assert db.session.scalar(select(func.count(ContactNote.id))) == 1


def _partner() -> int:
    partner = NetworkPartner(name="Ohjaamo", kind="ohjaamo")
    db.session.add(partner)
    db.session.flush()
    return partner.id
