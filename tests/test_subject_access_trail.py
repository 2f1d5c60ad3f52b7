"""The audit trail on the readable copy: a page at a time, by key, the file complete (ADR 0041)."""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import text

from portal.app.extensions import db
from portal.app.pagination import MAX_ID
from portal.models import AuditEvent
from portal.privacy import trail
from portal.privacy.trail import PAGE_SIZE, TrailKey, trail_page, trail_statement

TABLE = AuditEvent.__table__


def _reads(client_id: int, count: int, actor_id: int) -> None:
    db.session.add_all(
        AuditEvent(
            action="read",
            actor_id=actor_id,
            actor_role="coach",
            client_id=client_id,
            object_type="clients.detail",
            purpose=f"p{i:03d}",
        )
        for i in range(count)
    )
    db.session.commit()


def _purposes(page: str) -> list[str]:
    section = page.split('id="section-audit_events"', 1)[1]
    return re.findall(r"<dd class=\"pre\">(p\d{3})</dd>", section)


def test_the_readable_copy_shows_the_newest_events_and_links_to_older_ones(app, world, as_role):
    total = 2 * PAGE_SIZE + 5
    with app.app_context():
        _reads(world.client.id, total, world.coach.id)
    client = as_role("client_user")
    page = client.get("/my/copy").get_data(as_text=True)
    assert "Tiedostossa (JSON) ovat kaikki merkinnät" in page  # the page says so
    seen = _purposes(page)
    assert seen[:2] == [f"p{total - 1:03d}", f"p{total - 2:03d}"]  # newest first
    assert len(seen) == PAGE_SIZE
    while older := re.search(r'href="(/my/copy\?trail=[0-9-]+)#section-audit_events"', page):
        page = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
        seen += _purposes(page)
    assert seen == [f"p{i:03d}" for i in reversed(range(total))]  # each once, in order
    # The file holds them all, whatever the page shows.
    rows = client.get("/my/copy.json").get_json()["tables"]
    trail_rows = next(t for t in rows if t["table"] == "audit_events")["rows"]
    assert {r["purpose"] for r in trail_rows} >= {f"p{i:03d}" for i in range(total)}


def test_the_admin_copy_pages_the_trail_too(app, world, as_role):
    with app.app_context():
        _reads(world.client.id, PAGE_SIZE + 1, world.coach.id)
    url = f"/admin/clients/{world.client.id}/privacy/data"
    page = as_role("admin").get(url).get_data(as_text=True)
    assert len(_purposes(page)) == PAGE_SIZE
    assert f'href="{url}?trail=' in page


def test_a_nonsense_key_gives_the_first_page():
    assert TrailKey.parse("x") == TrailKey.parse(None) == TrailKey.parse("0-5") == TrailKey()
    assert TrailKey.parse(str(TrailKey(3, 17))) == TrailKey(3, 17)


def test_the_trail_of_several_enrolments_is_paged_newest_enrolment_first(app, world, monkeypatch):
    monkeypatch.setattr(trail, "PAGE_SIZE", 3)
    with app.app_context():
        # two client rows stand for two enrolments of one person
        _reads(world.client.id, 4, world.coach.id)
        _reads(world.other_client.id, 4, world.coach.id)
        enrolments = [world.client.id, world.other_client.id]
        columns = list(TABLE.columns)
        key, seen = TrailKey(), []
        while key is not None:
            rows, key = trail_page(TABLE, "client_id", columns, enrolments, key)
            assert len(rows) <= 3
            seen += [(row["client_id"], row["id"]) for row in rows]
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 8


@pytest.mark.skipif("postgresql" in (os.environ.get("DATABASE_URL") or ""), reason="SQLite plan")
def test_a_page_of_the_trail_is_read_through_the_index_without_a_sort(app, world):
    with app.app_context():
        _reads(world.client.id, 30, world.coach.id)
        for other in range(20):  # a trail of many people, as a real one is
            _reads(10_000 + other, 30, world.coach.id)
        db.session.execute(text("ANALYZE"))
        for enrolments in ([world.client.id], [world.client.id, world.other_client.id]):
            statement = trail_statement(
                TABLE,
                "client_id",
                list(TABLE.columns),
                enrolments,
                TrailKey(world.client.id, MAX_ID),
            )
            sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
            plan = "\n".join(r[-1] for r in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
            assert "ix_audit_events_client_id_id" in plan, plan
            assert "SCAN audit_events" not in plan, plan
            # each enrolment's rows come in key order from the index; only the few
            # rows of the page are merged
            assert plan.count("TEMP B-TREE") <= (1 if len(enrolments) > 1 else 0), plan
