"""The worklist by person: urgency order, status as text, done and snooze, filters, scope and
a flat statement count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, FollowUp, Review, WorklistMark
from portal.worklist.people import PAGE_SIZE, Cursor
from tests.conftest import add_group_clients, count_queries, form_fields

TODAY = clock.today()


def follow_up(app, client_id: int, days: int) -> int:
    """A follow-up of ``client_id`` due ``days`` from today (negative: late)."""
    with app.app_context():
        row = FollowUp(client_id=client_id, months=3, due_date=TODAY + timedelta(days=days))
        db.session.add(row)
        db.session.commit()
        return row.id


def people_on(html: str) -> list[str]:
    """The names of the persons in the worklist's rows, in order."""
    return re.findall(r'<h2 id="wl-p\d+" class="person-name"><a [^>]*>([^<]+)</a>', html)


def mark_url(follow_up_id: int) -> str:
    return f"/worklist/follow_up/{follow_up_id}"


def test_one_row_per_person_most_urgent_first_with_counts(app, world, as_role):
    late, soon = add_group_clients(app, world, 2)
    follow_up(app, soon, 10)
    follow_up(app, late, -3)
    follow_up(app, late, 5)
    html = as_role("coach").get("/worklist").get_data(as_text=True)
    names = people_on(html)
    assert names.index("Etu0 Suku0000") < names.index("Etu1 Suku0001")
    assert names.count("Etu0 Suku0000") == 1  # two items, one row
    assert "2 things to do, 1 late" in html or "2 asiaa tehtävänä, 1 myöhässä" in html


def test_every_status_is_icon_text_and_colour(app, world, as_role):
    cid = add_group_clients(app, world, 1)[0]
    follow_up(app, cid, -1)
    follow_up(app, cid, 3)
    with app.app_context():
        db.session.add(
            Review(
                client_id=world.client.id,
                placement_id=world.placement.id,
                scheduled_on=TODAY + timedelta(days=2),
            )
        )
        db.session.commit()
    html = as_role("coach").get("/worklist").get_data(as_text=True)
    for status in ("late", "due", "agreed"):
        chip = re.search(rf'<span class="status status-{status}">(.*?)</span>\s*</?', html, re.S)
        assert chip, status
        assert 'aria-hidden="true"' in chip.group(0)
    # the text is there, not only the colour
    assert re.search(r'status-late"><span[^>]*>!</span> \w+', html)


def test_done_with_a_reason_is_stored_audited_per_user_and_sent_twice_stored_once(
    app, world, as_role
):
    cid = add_group_clients(app, world, 1)[0]
    fid = follow_up(app, cid, -2)
    coach = as_role("coach")
    fields = form_fields(coach, mark_url(fid))
    data = {**fields, "state": "done", "reason": "Soitin jo, vastaa ensi viikolla"}
    assert coach.post(mark_url(fid), data).status_code == 302
    assert coach.post(mark_url(fid), data).status_code == 302  # the same form again
    with app.app_context():
        marks = db.session.scalars(select(WorklistMark)).all()
        assert [(m.user_id, m.state, m.reason) for m in marks] == [
            (world.coach.id, "done", "Soitin jo, vastaa ensi viikolla")
        ]
        audited = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "worklist.done")
        ).all()
        assert [(e.client_id, e.object_id) for e in audited] == [(cid, marks[0].id)]
    assert "Etu0 Suku0000" not in people_on(coach.get("/worklist").get_data(as_text=True))
    done = coach.get("/worklist?show=done").get_data(as_text=True)
    assert "Etu0 Suku0000" in people_on(done) and "status-done" in done
    # the mark is the coach's own: the admin still sees the item
    assert "Etu0 Suku0000" in people_on(as_role("admin").get("/worklist").get_data(as_text=True))


def test_a_snoozed_item_comes_back_on_its_day(app, world, as_role):
    cid = add_group_clients(app, world, 1)[0]
    fid = follow_up(app, cid, -2)
    coach = as_role("coach")
    until = TODAY + timedelta(days=3)
    response = coach.post(
        mark_url(fid), {"state": "snoozed", "until": until.isoformat(), "reason": "Lomalla"}
    )
    assert response.status_code == 302
    assert "Etu0 Suku0000" not in people_on(coach.get("/worklist").get_data(as_text=True))
    snoozed = coach.get("/worklist?show=snoozed").get_data(as_text=True)
    assert "status-snoozed" in snoozed
    with freeze_time(until - timedelta(days=1)):
        later = as_role("coach")
        assert "Etu0 Suku0000" not in people_on(later.get("/worklist").get_data(as_text=True))
    with freeze_time(until):
        later = as_role("coach")
        assert "Etu0 Suku0000" in people_on(later.get("/worklist").get_data(as_text=True))


@pytest.mark.parametrize(
    ("until", "reason"),
    [
        ("", "Lomalla"),  # a snooze needs its day
        ((TODAY - timedelta(days=1)).isoformat(), "Lomalla"),
        (TODAY.isoformat(), "Lomalla"),
        ((TODAY + timedelta(days=400)).isoformat(), "Lomalla"),
        ("9999-99-99", "Lomalla"),
        ((TODAY + timedelta(days=3)).isoformat(), "   "),  # no reason
        ((TODAY + timedelta(days=3)).isoformat(), "x" * 501),
    ],
)
def test_a_snooze_that_makes_no_sense_is_refused_with_a_message(app, world, as_role, until, reason):
    cid = add_group_clients(app, world, 1)[0]
    fid = follow_up(app, cid, -2)
    coach = as_role("coach")
    response = coach.post(mark_url(fid), {"state": "snoozed", "until": until, "reason": reason})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(WorklistMark.id)) is None


def test_formulas_and_scripts_in_a_reason_are_stored_as_text(app, world, as_role):
    cid = add_group_clients(app, world, 1)[0]
    fid = follow_up(app, cid, -2)
    coach = as_role("coach")
    reason = '=HYPERLINK("x")<script>alert(1)</script>'
    assert coach.post(mark_url(fid), {"state": "done", "reason": reason}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(WorklistMark.reason)) == reason


def test_another_coachs_item_and_unknown_items_answer_404(app, world, as_role):
    fid = follow_up(app, world.other_client.id, -2)
    coach = as_role("coach")
    assert coach.get(mark_url(fid)).status_code == 404
    response = coach.post(mark_url(fid), {"state": "done", "reason": "x"}, form_url="/worklist")
    assert response.status_code == 404
    assert coach.get("/worklist/nothing/1").status_code == 404
    assert coach.get("/worklist/follow_up/999999").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(WorklistMark.id)) is None
    assert "Eetu Korhonen" not in coach.get("/worklist").get_data(as_text=True)
    for role in ("employer", "client_user"):
        assert as_role(role).get("/worklist").status_code == 403


def test_filters_by_kind_and_group(app, world, as_role):
    cid = add_group_clients(app, world, 1)[0]
    follow_up(app, cid, -2)
    coach = as_role("coach")
    assert "Etu0 Suku0000" in people_on(coach.get("/worklist?kind=follow_ups").get_data(True))
    assert "Etu0 Suku0000" not in people_on(coach.get("/worklist?kind=reviews").get_data(True))
    in_group = coach.get(f"/worklist?group={world.group.id}").get_data(True)
    assert "Etu0 Suku0000" in people_on(in_group)
    # another coach's group is not offered, and asking for it filters nothing away
    other = coach.get(f"/worklist?group={world.other_group.id}").get_data(True)
    assert "Eetu Korhonen" not in other and "Etu0 Suku0000" in people_on(other)
    junk_args = ("kind=%27%3B", "group=abc", "show=<x>", "after=2026-13-01.1", "after=x.y")
    for junk in (*junk_args, "after=1"):
        assert coach.get(f"/worklist?{junk}").status_code == 200


def test_pages_by_key_in_urgency_order(app, world, as_role):
    ids = add_group_clients(app, world, PAGE_SIZE + 3)
    for n, cid in enumerate(ids):
        follow_up(app, cid, n % 5 - 2)
    coach = as_role("coach")
    first = coach.get("/worklist").get_data(as_text=True)
    after = re.search(r"after=([0-9-]+\.\d+)", first).group(1)
    second = coach.get(f"/worklist?after={after}").get_data(as_text=True)
    shown = people_on(first) + people_on(second)
    assert len(shown) == len(set(shown)) == PAGE_SIZE + 3
    assert Cursor.parse(after) is not None


def test_the_statement_count_is_flat(app, world, as_role):
    coach = as_role("coach")

    def statements_for_page() -> int:
        coach.get("/worklist")
        with count_queries(app) as statements:
            assert coach.get("/worklist").status_code == 200
        return len(statements)

    for cid in add_group_clients(app, world, 3):
        follow_up(app, cid, -1)
    small = statements_for_page()
    for cid in add_group_clients(app, world, 120):
        follow_up(app, cid, -1)
    assert statements_for_page() == small
    assert small <= 10
