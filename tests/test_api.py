"""The JSON API (``/api/v1``): tokens, scopes as the pages', problem details, the document."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import ApiToken, AuditEvent, Client, User
from portal.rest import tokens
from portal.rest.spec import BASE
from tests.conftest import add_group_clients, count_queries
from tests.support.api import api_get as _get
from tests.support.api import token_for as _token


def test_a_coach_token_reads_exactly_the_coach_s_young_people(app, world):
    secret = _token(app, world.coach.id)
    page = _get(app, "/clients", secret)
    assert page.status_code == 200 and page.mimetype == "application/json"
    assert [c["id"] for c in page.json["items"]] == [world.client.id]
    assert page.json["next"] is None
    assert _get(app, f"/clients/{world.client.id}", secret).json["first_name"] == "Aino"
    refused = _get(app, f"/clients/{world.other_client.id}", secret)
    assert refused.status_code == 404
    assert refused.mimetype == "application/problem+json"
    assert refused.json["status"] == 404 and refused.json["title"]
    with app.app_context():
        actions = db.session.execute(
            select(AuditEvent.action, AuditEvent.client_id, AuditEvent.actor_id)
        ).all()
    assert ("read", world.client.id, world.coach.id) in actions
    assert ("denied", world.other_client.id, world.coach.id) in actions


def test_the_admin_pages_through_everyone_by_key(app, world):
    secret = _token(app, world.admin.id)
    first = _get(app, "/clients?limit=1", secret).json
    assert len(first["items"]) == 1 and first["next"] == first["items"][0]["id"]
    second = _get(app, f"/clients?limit=1&after={first['next']}", secret).json
    assert second["next"] is None
    seen = {c["id"] for c in first["items"] + second["items"]}
    assert seen == {world.client.id, world.other_client.id}
    intake = _get(app, "/clients?state=intake", secret).json
    with app.app_context():
        expected = db.session.scalars(select(Client.id).where(Client.state == "intake")).all()
    assert [c["id"] for c in intake["items"]] == sorted(expected)


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=x",
        "after=-1",
        "after=99999999999",
        "state=gone",
        "sort=birth_year",
        "colour=red",
        "limit=1&limit=2",
    ],
)
def test_bad_parameters_are_named_in_a_problem(app, world, query):
    response = _get(app, f"/clients?{query}", _token(app, world.admin.id))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"] and all(e["in"] == "query" for e in response.json["errors"])


def test_problems_come_in_the_caller_s_language(app, world):
    secret = _token(app, world.admin.id)
    finnish = _get(app, "/clients/999999", secret, **{"Accept-Language": "fi"})
    english = _get(app, "/clients/999999", secret, **{"Accept-Language": "en"})
    assert finnish.headers["Content-Language"] == "fi"
    assert english.headers["Content-Language"] == "en"
    assert finnish.json["title"] != english.json["title"] == "Not found"


def test_without_a_working_token_the_api_answers_401(app, world):
    secret = _token(app, world.coach.id)
    assert _get(app, "/clients", None).status_code == 401
    assert _get(app, "/clients", "polku_not-a-token").status_code == 401
    assert _get(app, "/clients", "x" * 5000).status_code == 401
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        tokens.revoke(token, db.session.get(User, world.admin.id))
    revoked = _get(app, "/clients", secret)
    assert revoked.status_code == 401 and revoked.mimetype == "application/problem+json"


def test_an_expired_token_or_a_deactivated_account_does_not_work(app, world):
    secret = _token(app, world.coach.id, days=1)
    assert _get(app, "/clients", secret).status_code == 200
    with freeze_time(clock.now() + timedelta(days=3)):
        assert _get(app, "/clients", secret).status_code == 401
    with app.app_context():
        db.session.get(User, world.coach.id).active = False
        db.session.commit()
    assert _get(app, "/clients", secret).status_code == 401


def test_a_token_without_the_scope_is_refused(app, world):
    secret = _token(app, world.admin.id, scopes=())
    refused = _get(app, "/clients", secret)
    assert refused.status_code == 403 and refused.json["scope"] == "clients:read"
    assert _get(app, "/me", secret).json["scopes"] == []


def test_roles_without_a_caseload_are_refused(app, world):
    for user in (world.employer, world.client_user):
        assert _get(app, "/clients", _token(app, user.id)).status_code == 403
    for user in (world.coach, world.admin, world.client_user):
        assert _get(app, "/trainees", _token(app, user.id)).status_code == 403


def test_an_employer_token_sees_the_trainees_its_list_shows(app, world, as_role):
    secret = _token(app, world.employer.id)
    page = _get(app, "/trainees", secret).json
    assert [(p["id"], p["trainee"]["id"]) for p in page["items"]] == [
        (world.placement.id, world.client.id)
    ]
    shown = page["items"][0]
    assert shown["supervisor"] == world.employer.name and shown["tasks"] == "Keräily"
    assert set(shown["trainee"]) == {"id", "first_name", "last_name"}  # nothing else of them
    listed = as_role("employer").get("/trainees/").get_data(as_text=True)
    assert f"/trainees/{world.client.id}" in listed
    assert f"/trainees/{world.other_client.id}" not in listed
    theirs = _get(app, "/trainees", _token(app, world.other_employer.id)).json["items"]
    assert [p["id"] for p in theirs] == [world.other_placement.id]
    with app.app_context():
        reads = db.session.execute(
            select(AuditEvent.client_id, AuditEvent.actor_id).where(AuditEvent.action == "read")
        ).all()
    assert (world.client.id, world.employer.id) in reads


def test_a_coach_token_lists_exactly_the_coach_s_client_list(app, world, as_role):
    add_group_clients(app, world, 3)
    secret = _token(app, world.coach.id)
    through_api = {c["id"] for c in _get(app, "/clients?limit=100", secret).json["items"]}
    page = as_role("coach").get("/clients/").get_data(as_text=True)
    on_page = {int(i) for i in re.findall(r'href="/clients/(\d+)"', page)}
    assert through_api == on_page and world.other_client.id not in through_api


def test_a_signed_in_session_is_not_accepted_by_the_api(app, world, as_role):
    coach = as_role("coach")
    assert coach.get("/").status_code == 200
    assert coach.client.get(BASE + "/clients").status_code == 401
    assert coach.client.post(BASE + "/clients").status_code in (401, 405)


def test_one_young_person_has_an_etag(app, world):
    secret = _token(app, world.coach.id)
    first = _get(app, f"/clients/{world.client.id}", secret)
    assert first.headers["ETag"]
    again = _get(
        app, f"/clients/{world.client.id}", secret, **{"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    with app.app_context():
        db.session.get(Client, world.client.id).municipality = "Espoo"
        db.session.commit()
    changed = _get(
        app, f"/clients/{world.client.id}", secret, **{"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200 and changed.json["municipality"] == "Espoo"


def test_the_last_use_is_noted_at_most_once_a_minute(app, world):
    secret = _token(app, world.coach.id)
    with freeze_time(clock.utcnow()) as frozen:
        _get(app, "/me", secret)
        with app.app_context():
            first = db.session.scalar(select(ApiToken.last_used_at))
        frozen.tick(timedelta(seconds=30))
        _get(app, "/me", secret)
        with app.app_context():
            assert db.session.scalar(select(ApiToken.last_used_at)) == first
        frozen.tick(timedelta(seconds=31))
        _get(app, "/me", secret)
        with app.app_context():
            assert db.session.scalar(select(ApiToken.last_used_at)) > first


def test_only_the_secret_s_hash_is_kept(app, world):
    secret = _token(app, world.coach.id)
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        assert secret not in (token.secret_hash, token.prefix) and secret.startswith(token.prefix)
        assert token.secret_hash == tokens.digest(secret)


def test_every_endpoint_is_in_the_document(app):
    document = app.test_client().get(BASE + "/openapi.json").json
    assert document["openapi"].startswith("3.1")
    served = {
        re.sub(r"<int:(\w+)>", r"{\1}", rule.rule[len(BASE) :])
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(BASE + "/")
    }
    assert served == set(document["paths"])
    assert "ClientOut" in document["components"]["schemas"]


def test_an_endpoint_without_its_description_fails_the_document(app):
    from portal.rest import spec

    with pytest.raises(LookupError):
        spec.document(_app_with_undescribed_endpoint(app))


def _app_with_undescribed_endpoint(app):
    from flask import Flask

    other = Flask("undescribed")
    other.add_url_rule(BASE + "/loose", "loose", lambda: "")
    return other


def test_the_admin_makes_lists_and_revokes_a_token(app, world, as_role):
    admin = as_role("admin")
    assert admin.get("/admin/tokens/").status_code == 200
    form = {
        "name": "Kaupungin raportointi",
        "account": world.coach.email.upper(),
        "scopes": ["clients:read"],
        "expires_on": (clock.today() + timedelta(days=90)).isoformat(),
    }
    made = admin.post("/admin/tokens/new", form)
    assert made.status_code == 200
    secret = re.search(r'id="secret" class="secret" value="([^"]+)"', made.get_data(True)).group(1)
    assert _get(app, "/clients", secret).json["items"][0]["id"] == world.client.id
    listing = admin.get("/admin/tokens/").get_data(True)
    assert "Kaupungin raportointi" in listing and secret not in listing
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    asked = admin.post(f"/admin/tokens/{token_id}/revoke", {}, form_url="/admin/tokens/")
    assert asked.status_code == 200 and 'name="confirmed"' in asked.get_data(True)
    assert _get(app, "/clients", secret).status_code == 200  # not yet
    done = admin.post(
        f"/admin/tokens/{token_id}/revoke", {"confirmed": "yes"}, form_url="/admin/tokens/"
    )
    assert done.status_code == 302
    assert _get(app, "/clients", secret).status_code == 401
    with app.app_context():
        assert {"api_token.create", "api_token.revoke"} <= set(
            db.session.scalars(select(AuditEvent.action))
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"account": "nobody@example.fi"}, "account"),
        ({"account": "client@example.fi"}, "account"),
        ({"expires_on": "2000-01-01"}, "expires_on"),
        ({"expires_on": "2999-01-01"}, "expires_on"),
        ({"expires_on": "not a day"}, "expires_on"),
        ({"name": ""}, "name"),
        ({"scopes": ["everything"]}, "scopes"),
    ],
)
def test_a_token_that_breaks_a_rule_is_not_made(app, world, as_role, change, field):
    admin = as_role("admin")
    form = {
        "name": "Raportointi",
        "account": world.coach.email,
        "scopes": ["clients:read"],
        "expires_on": (clock.today() + timedelta(days=30)).isoformat(),
        **change,
    }
    page = admin.post("/admin/tokens/new", form)
    assert page.status_code == 200
    assert f'id="{field}-error"' in page.get_data(True)
    with app.app_context():
        assert db.session.scalar(select(ApiToken.id)) is None


def test_only_the_admin_manages_tokens(app, world, as_role):
    for role in ("coach", "employer", "client_user"):
        assert as_role(role).get("/admin/tokens/").status_code in (403, 404)


def test_the_reference_page_describes_every_endpoint(app, browser):
    page = browser.get("/developers/api")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path in ("/clients", "/clients/{client_id}", "/me", "/openapi.json"):
        assert f"{BASE}{path}</code>" in html


def test_a_page_of_the_list_costs_the_same_statements_at_any_size(app, world):

    secret = _token(app, world.coach.id)
    _get(app, "/clients", secret)  # the token's last use is noted once a minute at most
    with count_queries(app) as few:
        assert len(_get(app, "/clients", secret).json["items"]) == 1
    add_group_clients(app, world, 60)
    with count_queries(app) as many:
        assert len(_get(app, "/clients?limit=50", secret).json["items"]) == 50
    assert len(few) == len(many) <= 4


def _send(app, method: str, path: str, secret: str, json=None, **headers):
    headers["Authorization"] = f"Bearer {secret}"
    return app.test_client().open(BASE + path, method=method, json=json, headers=headers)


REFERRAL = {
    "first_name": "Emma",
    "last_name": "Laine",
    "birth_year": 2005,
    "municipality": "Vantaa",
}


def test_a_partner_refers_a_young_person_and_changes_them_with_their_etag(app, world):
    secret = _token(app, world.coach.id, scopes=("clients:read", "referrals:write"))
    made = _send(app, "POST", "/clients", secret, REFERRAL)
    assert made.status_code == 201, made.json
    new_id = made.json["id"]
    assert made.headers["Location"].endswith(f"/clients/{new_id}")
    assert made.json["coach_id"] == world.coach.id and made.json["state"] == "referred"
    etag = made.headers["ETag"]
    changed = _send(
        app, "PATCH", f"/clients/{new_id}", secret, {"phone": "040 123"}, **{"If-Match": etag}
    )
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    stale = _send(
        app, "PATCH", f"/clients/{new_id}", secret, {"phone": "050 1"}, **{"If-Match": etag}
    )
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert _send(app, "PATCH", f"/clients/{new_id}", secret, {"phone": "050 1"}).status_code == 428
    with app.app_context():
        saved = db.session.get(Client, new_id)
        assert (saved.phone, saved.first_name, saved.municipality) == ("040 123", "Emma", "Vantaa")
        assert "client.create" in db.session.scalars(select(AuditEvent.action)).all()


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({**REFERRAL, "birth_year": 1900}, "birth_year"),
        ({**REFERRAL, "email": "not an address"}, "email"),
        ({**REFERRAL, "first_name": "x" * 101}, "first_name"),
        ({**REFERRAL, "goal": "everything"}, "goal"),
        ({**REFERRAL, "coach_id": 999999}, "coach_id"),
        ({**REFERRAL, "first_name": {"a": 1}}, "first_name"),
        ({**REFERRAL, "unknown": 1}, "unknown"),
        ({"first_name": "Emma"}, "last_name"),
    ],
)
def test_a_referral_breaking_the_intake_rules_changes_nothing(app, world, sent, field):
    secret = _token(app, world.coach.id, scopes=("referrals:write",))
    with app.app_context():
        before = db.session.scalar(select(func.count(Client.id)))
    refused = _send(app, "POST", "/clients", secret, sent)
    assert refused.status_code == 422, refused.json
    assert field in {e["name"] for e in refused.json["errors"]}
    with app.app_context():
        assert db.session.scalar(select(func.count(Client.id))) == before


def test_a_write_needs_json_and_the_scope(app, world):
    reader = _token(app, world.coach.id)
    assert _send(app, "POST", "/clients", reader, REFERRAL).status_code == 403
    writer = _token(app, world.coach.id, scopes=("referrals:write",))
    client = app.test_client()
    as_form = client.post(
        BASE + "/clients", data=REFERRAL, headers={"Authorization": f"Bearer {writer}"}
    )
    assert as_form.status_code == 415
    assert _send(app, "POST", "/clients", writer, [REFERRAL]).status_code == 415


def test_a_change_stays_within_the_account_s_scope(app, world):
    secret = _token(app, world.coach.id, scopes=("referrals:write",))
    other = _send(
        app,
        "PATCH",
        f"/clients/{world.other_client.id}",
        secret,
        {"phone": "1"},
        **{"If-Match": "*"},
    )
    assert other.status_code == 404
    with app.app_context():
        assert db.session.get(Client, world.other_client.id).phone == ""


def test_a_referral_sent_again_with_its_key_is_saved_once(app, world):
    secret = _token(app, world.coach.id, scopes=("referrals:write",))
    other = _token(app, world.admin.id, scopes=("referrals:write",))
    with app.app_context():
        before = db.session.scalar(select(func.count(Client.id)))
    key = {"Idempotency-Key": "referral-2026-0001"}
    first = _send(app, "POST", "/clients", secret, REFERRAL, **key)
    again = _send(app, "POST", "/clients", secret, REFERRAL, **key)
    assert first.status_code == again.status_code == 201
    assert first.json["id"] == again.json["id"]
    refused = _send(
        app, "POST", "/clients", secret, {"first_name": "x"}, **{"Idempotency-Key": "k2"}
    )
    assert refused.status_code == 422
    confirmed = {**REFERRAL, "confirm_new": True}  # the same details again: a likely duplicate
    fixed = _send(app, "POST", "/clients", secret, confirmed, **{"Idempotency-Key": "k2"})
    assert fixed.status_code == 201 and fixed.json["id"] != first.json["id"]
    # Another system's key of the same text is its own.
    theirs = _send(app, "POST", "/clients", other, confirmed, **key)
    assert theirs.status_code == 201 and theirs.json["id"] not in (
        first.json["id"],
        fixed.json["id"],
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(Client.id))) == before + 3


def test_a_coach_reads_the_pathway_of_their_young_person_only(app, world):
    from portal.models import FollowUp, Outcome

    with app.app_context():
        db.session.add(Outcome(client_id=world.client.id, kind="employment", on=clock.today()))
        db.session.add(FollowUp(client_id=world.client.id, months=3, due_date=clock.today()))
        db.session.commit()
    secret = _token(app, world.coach.id)
    found = _get(app, f"/clients/{world.client.id}/pathway", secret)
    assert found.status_code == 200, found.json
    pathway = found.json
    assert [p["id"] for p in pathway["placements"]] == [world.placement.id]
    assert pathway["placements"][0]["company"] == "Varasto Oy"
    assert [o["kind"] for o in pathway["outcomes"]] == ["employment"]
    assert [f["months"] for f in pathway["follow_ups"]] == [3]
    assert "details" not in pathway["outcomes"][0] and "notes" not in pathway["follow_ups"][0]
    assert _get(app, f"/clients/{world.other_client.id}/pathway", secret).status_code == 404
    employer = _token(app, world.employer.id)
    assert _get(app, f"/clients/{world.client.id}/pathway", employer).status_code == 403


def test_limits_count_per_token_not_per_address(make_app):
    from tests.support.world import World

    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    with app.app_context():
        world = World()
    first, second = _token(app, world.coach.id), _token(app, world.admin.id)
    assert [_get(app, "/me", first).status_code for _ in range(3)] == [200, 200, 429]
    assert _get(app, "/me", second).status_code == 200  # the same address, its own count


def test_a_nul_character_or_a_body_nested_too_deep_is_refused_not_a_500(app, world):
    secret = _token(app, world.coach.id, scopes=("referrals:write",))
    nul = _send(app, "POST", "/clients", secret, {**REFERRAL, "first_name": "A\u0000"})
    assert nul.status_code == 422 and nul.json["errors"][0]["name"] == "first_name"
    deep = app.test_client().post(
        BASE + "/clients",
        data="[" * 100_000 + "]" * 100_000,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    assert deep.status_code in (400, 415) and deep.mimetype == "application/problem+json"


def test_a_401_says_how_to_sign_in_and_an_api_answer_sets_no_cookie(app, world):
    refused = _get(app, "/me", None)
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    answered = _get(app, "/me", _token(app, world.coach.id))
    assert "Set-Cookie" not in answered.headers


def test_a_change_s_null_empties_the_field(app, world):
    secret = _token(app, world.coach.id, scopes=("clients:read", "referrals:write"))
    etag = _get(app, f"/clients/{world.client.id}", secret).headers["ETag"]
    with_phone = _send(
        app,
        "PATCH",
        f"/clients/{world.client.id}",
        secret,
        {"phone": "040 1"},
        **{"If-Match": etag},
    )
    emptied = _send(
        app,
        "PATCH",
        f"/clients/{world.client.id}",
        secret,
        {"phone": None, "municipality": None},
        **{"If-Match": with_phone.headers["ETag"]},
    )
    assert emptied.status_code == 200, emptied.json
    with app.app_context():
        saved = db.session.get(Client, world.client.id)
        assert (saved.phone, saved.municipality) == ("", "")


def test_the_document_is_in_english_whoever_reads_it_first(app, browser):
    browser.client.get("/developers/api", headers={"Accept-Language": "fi"})
    document = app.test_client().get(BASE + "/openapi.json").json
    assert document["paths"]["/me"]["get"]["responses"]["401"]["description"] == "Not signed in"
    patch = document["paths"]["/clients/{client_id}"]["patch"]
    assert {"name": "If-Match", "in": "header"}.items() <= patch["parameters"][-1].items()


def test_a_token_lists_the_day_the_admin_chose(app, world, as_role):
    admin = as_role("admin")
    day = clock.today() + timedelta(days=30)
    form = {"name": "R", "account": world.coach.email, "expires_on": day.isoformat()}
    made = admin.post("/admin/tokens/new", form).get_data(as_text=True)
    shown = f"{day.day}.{day.month}.{day.year}"
    assert shown in made and shown in admin.get("/admin/tokens/").get_data(as_text=True)
