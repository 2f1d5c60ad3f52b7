"""The API's lists of records, groups, companies and accounts: exactly what the account's
pages show, filtered, sorted and paged by id; an outcome and a company sent by a partner
system with the forms' rules; a company changed only with its current ETag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    AuditEvent,
    Checkpoint,
    Client,
    Company,
    FollowUp,
    Outcome,
    Placement,
)
from portal.rest.spec import BASE
from tests.conftest import count_queries
from tests.support.api import api_get, token_for
from tests.support.world import add_group_clients, set_state

TODAY = clock.today()
WRITE = ("clients:read", "outcomes:write", "companies:write", "users:read")


def _send(app, method: str, path: str, secret: str, payload, **headers):
    headers["Authorization"] = f"Bearer {secret}"
    return app.test_client().open(BASE + path, method=method, json=payload, headers=headers)


def _ids(answer) -> list[int]:
    assert answer.status_code == 200, answer.json
    return [item["id"] for item in answer.json["items"]]


def test_placements_are_those_the_account_sees(app, world):
    coach = token_for(app, world.coach.id)
    assert _ids(api_get(app, "/placements", coach)) == [world.placement.id]
    employer = token_for(app, world.employer.id)
    assert _ids(api_get(app, "/placements", employer)) == [world.placement.id]
    other = token_for(app, world.other_employer.id)
    assert _ids(api_get(app, "/placements", other)) == [world.other_placement.id]
    admin = token_for(app, world.admin.id)
    both = {world.placement.id, world.other_placement.id}
    assert set(_ids(api_get(app, "/placements", admin))) == both
    by_company = f"/placements?company_id={world.other_company.id}"
    assert _ids(api_get(app, by_company, admin)) == [world.other_placement.id]
    later = (TODAY + timedelta(days=55)).isoformat()
    assert _ids(api_get(app, f"/placements?running_on={later}", admin)) == [
        world.other_placement.id
    ]
    assert _ids(api_get(app, f"/placements?client_id={world.other_client.id}", coach)) == []


def test_a_sorted_list_pages_by_the_last_id_without_repeats_or_gaps(app, world):
    with app.app_context():
        for days in (5, 5, 20, 40, 40, 40):
            start = TODAY + timedelta(days=200 + days)
            db.session.add(
                Placement(
                    client_id=world.client.id,
                    company_id=world.company.id,
                    start_date=start,
                    end_date=start + timedelta(days=30),
                )
            )
        db.session.commit()
        expected = db.session.scalars(
            select(Placement.id)
            .where(Placement.client_id == world.client.id)
            .order_by(Placement.start_date.desc(), Placement.id.desc())
        ).all()
    coach = token_for(app, world.coach.id)
    seen, after = [], None
    while True:
        path = "/placements?sort=-start_date&limit=2" + (f"&after={after}" if after else "")
        page = api_get(app, path, coach).json
        seen += [p["id"] for p in page["items"]]
        if (after := page["next"]) is None:
            break
    assert seen == expected
    # An id the account may not see gives an empty page, nothing of where it sorts.
    hidden = f"/placements?sort=start_date&after={world.other_placement.id}"
    assert _ids(api_get(app, hidden, coach)) == []
    assert api_get(app, "/placements?sort=tasks", coach).status_code == 422


def test_check_points_and_follow_ups_by_their_filters(app, world):
    with app.app_context():
        now = clock.utcnow()
        db.session.add_all(
            [
                Checkpoint(client_id=world.client.id, difficulty="Salaista", opened_at=now),
                Checkpoint(client_id=world.client.id, opened_at=now, closed_at=now),
                Checkpoint(client_id=world.other_client.id, opened_at=now),
                FollowUp(client_id=world.client.id, months=3, due_date=TODAY),
                FollowUp(client_id=world.client.id, months=6, due_date=TODAY + timedelta(days=90)),
                FollowUp(client_id=world.other_client.id, months=3, due_date=TODAY),
            ]
        )
        db.session.commit()
    coach = token_for(app, world.coach.id)
    listed = api_get(app, "/checkpoints", coach)
    assert len(listed.json["items"]) == 2 and "Salaista" not in listed.text
    assert [
        c["closed_at"] for c in api_get(app, "/checkpoints?open=true", coach).json["items"]
    ] == [None]
    assert len(_ids(api_get(app, "/checkpoints?open=false", coach))) == 1
    soon = (TODAY + timedelta(days=10)).isoformat()
    due = api_get(app, f"/follow-ups?due_until={soon}&open=true", coach).json["items"]
    assert [(f["client_id"], f["months"]) for f in due] == [(world.client.id, 3)]
    with app.app_context():
        kinds = set(
            db.session.scalars(
                select(AuditEvent.object_type).where(AuditEvent.client_id == world.client.id)
            )
        )
    assert {"api.checkpoint", "api.follow_up"} <= kinds


def test_a_partner_system_records_an_outcome_once_with_the_form_s_rules(app, world):
    set_state(app, world.client.id, "pathway")
    coach = token_for(app, world.coach.id, WRITE)
    path = f"/clients/{world.client.id}/outcome"
    needs_more = _send(app, "POST", path, coach, {"kind": "study_place", "on": TODAY.isoformat()})
    assert needs_more.status_code == 422 and needs_more.json["errors"][0]["name"] == "school"
    future = {"kind": "other", "details": "x", "on": (TODAY + timedelta(days=3)).isoformat()}
    assert _send(app, "POST", path, coach, future).status_code == 422
    unknown = _send(app, "POST", path, coach, {"kind": "lottery", "on": TODAY.isoformat()})
    assert unknown.status_code == 422 and unknown.json["errors"][0]["name"] == "kind"
    outcome = {
        "kind": "study_place",
        "on": TODAY.isoformat(),
        "school": "Stadin AO",
        "programme": "Logistiikka",
        "study_status": "accepted",
    }
    made = _send(app, "POST", path, coach, outcome)
    assert made.status_code == 201, made.json
    assert made.json["school"] == "Stadin AO"
    assert _send(app, "POST", path, coach, outcome).status_code == 422  # once per person
    listed = api_get(app, f"/outcomes?client_id={world.client.id}", coach).json["items"]
    assert [o["kind"] for o in listed] == ["study_place"]
    follow = api_get(app, f"/follow-ups?client_id={world.client.id}", coach).json["items"]
    assert sorted(f["months"] for f in follow) == [3, 6]
    other = token_for(app, world.other_coach.id, WRITE)
    assert _send(app, "POST", path, other, outcome).status_code == 404
    reader = token_for(app, world.coach.id)
    assert _send(app, "POST", path, reader, outcome).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Outcome.id))) == 1


def test_groups_are_the_coach_s_own_with_the_members_they_see(app, world):
    coach = token_for(app, world.coach.id)
    assert _ids(api_get(app, "/groups", coach)) == [world.group.id]
    detail = api_get(app, f"/groups/{world.group.id}", coach).json
    assert detail["member_ids"] == [world.client.id]
    assert api_get(app, f"/groups/{world.other_group.id}", coach).status_code == 404
    admin = token_for(app, world.admin.id)
    named = api_get(app, "/groups?sort=-name", admin).json["items"]
    assert [g["name"] for g in named] == ["Ryhmä 2", "Ryhmä 1"]


def test_companies_as_the_pages_show_them(app, world):
    employer = token_for(app, world.employer.id)
    assert _ids(api_get(app, "/companies", employer)) == [world.company.id]
    assert api_get(app, f"/companies/{world.other_company.id}", employer).status_code == 404
    coach = token_for(app, world.coach.id)
    assert _ids(api_get(app, "/companies", coach)) == [world.company.id]
    admin = token_for(app, world.admin.id)
    by_name = api_get(app, "/companies?sort=name", admin).json["items"]
    assert [c["name"] for c in by_name] == ["Kahvila Oy", "Varasto Oy"]


def test_the_admin_adds_and_changes_a_company_with_its_etag(app, world):
    admin = token_for(app, world.admin.id, WRITE)
    bad = _send(app, "POST", "/companies", admin, {"name": "Uusi Oy", "business_id": "1572860-1"})
    assert bad.status_code == 422 and bad.json["errors"][0]["name"] == "business_id"
    taken = {"name": "Toinen Oy", "business_id": "2914650-5"}  # Varasto Oy's
    assert _send(app, "POST", "/companies", admin, taken).status_code == 422
    made = _send(app, "POST", "/companies", admin, {"name": "Uusi Oy", "business_id": "15728600"})
    assert made.status_code == 201 and made.json["business_id"] == "1572860-0"
    path = made.headers["Location"].removeprefix(BASE)
    tag = made.headers["ETag"]
    change = {"name": "Uusi Oy Ab", "business_id": "1572860-0", "city": "Helsinki"}
    assert _send(app, "PATCH", path, admin, change).status_code == 428
    changed = _send(app, "PATCH", path, admin, change, **{"If-Match": tag})
    assert changed.status_code == 200 and changed.json["city"] == "Helsinki"
    assert changed.headers["ETag"] != tag
    stale = _send(app, "PATCH", path, admin, {**change, "city": "Espoo"}, **{"If-Match": tag})
    assert stale.status_code == 412
    with app.app_context():
        assert db.session.scalar(select(Company.city).where(Company.name == "Uusi Oy Ab")) == (
            "Helsinki"
        )
    coach = token_for(app, world.coach.id, WRITE)
    assert (
        _send(
            app, "POST", "/companies", coach, {"name": "X", "business_id": "1572860-0"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("account", ["coach", "employer", "client_user"])
def test_only_the_admin_reads_the_accounts(app, world, account):
    secret = token_for(app, getattr(world, account).id, WRITE)
    assert api_get(app, "/users", secret).status_code == 403


def test_the_admin_reads_the_accounts_by_role(app, world):
    admin = token_for(app, world.admin.id, WRITE)
    employers = api_get(app, "/users?role=employer&sort=name", admin).json["items"]
    assert [u["email"] for u in employers] == ["employer@example.fi", "employer2@example.fi"]
    assert "password_hash" not in employers[0]


def test_the_young_people_sorted_by_last_name_page_through_every_one(app, world):
    add_group_clients(app, world, 9)
    coach = token_for(app, world.coach.id)
    with app.app_context():
        expected = db.session.scalars(
            select(Client.id)
            .where(Client.coach_id == world.coach.id)
            .order_by(Client.last_name.desc(), Client.id.desc())
        ).all()
    seen, after = [], None
    while True:
        path = "/clients?sort=-last_name&limit=4" + (f"&after={after}" if after else "")
        page = api_get(app, path, coach).json
        seen += [c["id"] for c in page["items"]]
        if (after := page["next"]) is None:
            break
    assert seen == expected


def _with_records(app, world, n: int, first: int) -> None:
    """``n`` more young people of the coach, each with one record of every kind."""
    ids = add_group_clients(app, world, n)
    with app.app_context():
        for k, client_id in enumerate(ids, start=first):
            start = TODAY + timedelta(days=100 + k)
            db.session.add_all(
                [
                    Placement(
                        client_id=client_id,
                        company_id=world.company.id,
                        start_date=start,
                        end_date=start + timedelta(days=30),
                    ),
                    Checkpoint(client_id=client_id, opened_at=clock.utcnow()),
                    FollowUp(client_id=client_id, months=3, due_date=start),
                    Outcome(client_id=client_id, kind="other", on=TODAY, details="x"),
                    Company(name=f"Yritys {k}", business_id=f"{k:07}-X"),
                ]
            )
        db.session.commit()


@pytest.mark.parametrize(
    "path", ["/placements", "/checkpoints", "/follow-ups", "/outcomes", "/groups", "/companies"]
)
def test_a_list_runs_the_same_statements_for_one_row_or_a_full_page(app, world, path):
    admin = token_for(app, world.admin.id)

    def statements() -> int:
        with count_queries(app) as seen:
            assert api_get(app, path + "?limit=50", admin).status_code == 200
        return len(seen)

    _with_records(app, world, 1, first=0)
    statements()  # the token's first use is noted (at most once a minute)
    one = statements()
    _with_records(app, world, 60, first=1)
    assert statements() == one


def test_the_funder_report_is_the_page_s_download_as_json(app, world, as_role):
    import csv
    import io

    secret = token_for(app, world.coach.id, ["reports:read"])
    start, end = TODAY.replace(day=1) - timedelta(days=365), TODAY
    period = f"start={start.isoformat()}&end={end.isoformat()}"
    answer = api_get(app, f"/reports/funder?{period}", secret, **{"Accept-Language": "fi"})
    assert answer.status_code == 200, answer.json
    through_api = [
        [t["title"], r["label"], str(r["value"])] for t in answer.json["tables"] for r in t["rows"]
    ]
    download = as_role("coach").get(f"/reports/funder.csv?{period}").text
    assert through_api and through_api == list(csv.reader(io.StringIO(download)))[1:]
    wrong = api_get(app, f"/reports/funder?start={end}&end={start}", secret)
    assert wrong.status_code == 422 and wrong.json["errors"][0]["in"] == "query"
    other_group = f"/reports/funder?group={world.other_group.id}"
    assert api_get(app, other_group, secret).status_code == 404
    assert api_get(app, "/reports/funder", token_for(app, world.coach.id)).status_code == 403
    employer = token_for(app, world.employer.id, ["reports:read"])
    assert api_get(app, "/reports/funder", employer).status_code == 403


def test_one_placement_or_check_point_as_the_account_may_see_it(app, world):
    with app.app_context():
        own = Checkpoint(client_id=world.client.id, opened_at=clock.utcnow(), difficulty="Salaista")
        theirs = Checkpoint(client_id=world.other_client.id, opened_at=clock.utcnow())
        db.session.add_all([own, theirs])
        db.session.commit()
        own_id, theirs_id = own.id, theirs.id
    coach = token_for(app, world.coach.id)
    read = api_get(app, f"/placements/{world.placement.id}", coach)
    assert read.status_code == 200 and read.json["company_id"] == world.company.id
    assert api_get(app, f"/placements/{world.other_placement.id}", coach).status_code == 404
    shown = api_get(app, f"/checkpoints/{own_id}", coach)
    assert shown.status_code == 200 and "Salaista" not in shown.text
    assert api_get(app, f"/checkpoints/{theirs_id}", coach).status_code == 404
    employer = token_for(app, world.employer.id)
    assert api_get(app, f"/placements/{world.placement.id}", employer).status_code == 200
    assert api_get(app, f"/placements/{world.other_placement.id}", employer).status_code == 404
    assert api_get(app, f"/checkpoints/{own_id}", employer).status_code == 403
    with app.app_context():
        read_back = db.session.scalars(
            select(AuditEvent.object_type).where(AuditEvent.client_id == world.client.id)
        ).all()
    assert {"api.placement", "api.checkpoint"} <= set(read_back)
