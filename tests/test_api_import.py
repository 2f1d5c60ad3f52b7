"""Many young people at once through the JSON API (``POST /api/v1/clients/import``): all
saved (201 with their ids), or none (422 naming each referral at fault); a dry run saves
nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, Client, User
from portal.rest import tokens
from portal.rest.spec import BASE
from tests.support.world import more_projects

URL = BASE + "/clients/import"
YEAR = clock.today().year - 19


def _token(app, user_id: int, scopes=("referrals:write",)) -> str:
    with app.app_context():
        user = db.session.get(User, user_id)
        day = clock.today() + timedelta(days=30)
        return tokens.make("Kunnan järjestelmä", user, list(scopes), day, user).secret


def _send(app, secret: str, sent, **headers):
    headers["Authorization"] = f"Bearer {secret}"
    return app.test_client().post(URL, json=sent, headers=headers)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Client.id)))


def _referral(first: str, last: str, **more) -> dict:
    return {"first_name": first, "last_name": last, "birth_year": YEAR, **more}


def test_every_referral_is_saved_with_its_id_in_the_order_sent(app, world):
    secret = _token(app, world.coach.id)
    before = _count(app)
    sent = [_referral("Emma", "Laine", email="emma@example.fi"), _referral("Oskari", "Aho")]
    made = _send(app, secret, {"referrals": sent})
    assert made.status_code == 201, made.json
    assert made.json["dry_run"] is False and made.json["count"] == 2
    assert _count(app) == before + 2
    with app.app_context():
        saved = [db.session.get(Client, i) for i in made.json["ids"]]
        assert [c.first_name for c in saved] == ["Emma", "Oskari"]
        assert all(c.coach_id == world.coach.id for c in saved)  # a coach's referral is theirs
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("client.create") == 2 and "client.import" in actions


def test_one_referral_at_fault_saves_none_and_each_fault_is_named(app, world):
    secret = _token(app, world.coach.id)
    before = _count(app)
    sent = [
        _referral("Emma", "Laine"),
        _referral("Oskari", "Aho", email="not an address"),
        _referral("", "Salo", birth_year=1900),
    ]
    refused = _send(app, secret, {"referrals": sent})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    named = {e["name"] for e in refused.json["errors"]}
    assert {"referrals.1.email", "referrals.2.first_name", "referrals.2.birth_year"} <= named
    assert not any(name.startswith("referrals.0") for name in named)
    assert _count(app) == before


def test_a_dry_run_checks_and_saves_nothing(app, world):
    secret = _token(app, world.coach.id)
    before = _count(app)
    checked = _send(app, secret, {"referrals": [_referral("Emma", "Laine")], "dry_run": True})
    assert checked.status_code == 200
    assert checked.json == {"dry_run": True, "count": 1, "ids": []}
    bad = _send(app, secret, {"referrals": [_referral("Emma", "")], "dry_run": True})
    assert bad.status_code == 422
    assert _count(app) == before


def test_likely_duplicates_are_refused_until_confirmed(app, world):
    secret = _token(app, world.coach.id)
    before = _count(app)
    sent = [
        {"first_name": "Aino", "last_name": "Virtanen", "birth_year": 2004},
        _referral("Emma", "Laine", phone="040 765 4321"),
        _referral("Emmi", "Laine", phone="+358 40 765 4321"),
    ]
    refused = _send(app, secret, {"referrals": sent})
    assert refused.status_code == 422
    reasons = {e["name"]: e["reason"] for e in refused.json["errors"]}
    assert str(world.client.id) in reasons["referrals.0"]
    assert "confirm_new" in reasons["referrals.2"] and "referrals.1" not in reasons
    assert _count(app) == before
    confirmed = [{**sent[0], "confirm_new": True}, sent[1], {**sent[2], "confirm_new": True}]
    assert _send(app, secret, {"referrals": confirmed}).status_code == 201
    assert _count(app) == before + 3


def test_another_coach_s_young_person_is_not_revealed(app, world):
    secret = _token(app, world.coach.id)
    sent = {"referrals": [{"first_name": "Eetu", "last_name": "Korhonen", "birth_year": 2003}]}
    answer = _send(app, secret, {**sent, "dry_run": True})
    assert answer.status_code == 200 and str(world.other_client.id) not in answer.get_data(True)


def test_the_same_young_person_twice_in_one_list_is_an_error_even_when_confirmed(app, world):
    secret = _token(app, world.coach.id)
    twice = _referral("Emma", "Laine", email="emma@example.fi", confirm_new=True)
    refused = _send(app, secret, {"referrals": [twice, twice]})
    assert refused.status_code == 422
    assert [e["name"] for e in refused.json["errors"]] == ["referrals.1"]


def test_the_same_key_saves_once(app, world):
    secret = _token(app, world.coach.id)
    before = _count(app)
    key = {"Idempotency-Key": "tuonti-2026-01"}
    sent = {"referrals": [_referral("Emma", "Laine")]}
    first = _send(app, secret, sent, **key)
    again = _send(app, secret, sent, **key)
    assert first.status_code == 201
    assert again.status_code == 409 and again.mimetype == "application/problem+json"
    assert _count(app) == before + 1
    refused = _send(app, secret, {"referrals": [_referral("", "Aho")]}, **{"Idempotency-Key": "k"})
    assert refused.status_code == 422
    fixed = _send(
        app, secret, {"referrals": [_referral("Oskari", "Aho")]}, **{"Idempotency-Key": "k"}
    )
    assert fixed.status_code == 201  # a refused import leaves its key free
    assert _count(app) == before + 2


def test_roles_scopes_and_limits(app, world, monkeypatch):
    sent = {"referrals": [_referral("Emma", "Laine")]}
    employer = _token(app, world.employer.id)
    assert _send(app, employer, sent).status_code == 403
    reader = _token(app, world.coach.id, scopes=("clients:read",))
    assert _send(app, reader, sent).status_code == 403
    writer = _token(app, world.coach.id)
    assert _send(app, writer, {"referrals": []}).status_code == 422
    assert _send(app, writer, [sent]).status_code == 415
    assert _send(app, writer, {**sent, "extra": 1}).status_code == 422
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 1)
    many = {"referrals": [_referral("Emma", "Laine"), _referral("Oskari", "Aho")]}
    refused = _send(app, writer, many)
    assert refused.status_code == 422 and refused.json["errors"][0]["name"] == "referrals"
    nul = _send(app, writer, {"referrals": [_referral("Em\x00ma", "Laine")]})
    assert nul.status_code == 422
    assert [e["name"] for e in nul.json["errors"]] == ["referrals.0.first_name"]
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 10)
    assert _send(app, writer, sent).status_code == 413


def test_a_project_the_coach_does_not_work_in_is_refused(app, world):
    theirs, not_theirs = more_projects(app, world)
    secret = _token(app, world.coach.id)
    before = _count(app)
    sent = [_referral("Emma", "Laine", project_id=theirs)]
    refused = _send(
        app, secret, {"referrals": [*sent, _referral("Oskari", "Aho", project_id=not_theirs)]}
    )
    assert refused.status_code == 422
    assert [e["name"] for e in refused.json["errors"]] == ["referrals.1.project_id"]
    assert _count(app) == before
    made = _send(app, secret, {"referrals": sent})
    assert made.status_code == 201
    with app.app_context():
        assert db.session.get(Client, made.json["ids"][0]).project_id == theirs


@pytest.mark.parametrize("language, word", [("fi", "Pakollinen"), ("en", "required")])
def test_errors_come_in_the_caller_s_language(app, world, language, word):
    secret = _token(app, world.coach.id)
    refused = _send(
        app, secret, {"referrals": [_referral("", "Laine")]}, **{"Accept-Language": language}
    )
    assert word in refused.json["errors"][0]["reason"]


def test_the_import_is_in_the_document(app):
    document = app.test_client().get(BASE + "/openapi.json").json
    answers = document["paths"]["/clients/import"]["post"]["responses"]
    assert {"200", "201", "409", "422"} <= set(answers)
    assert "ReferralList" in document["components"]["schemas"]


def test_the_number_of_referrals_follows_the_configured_limit(app, world, monkeypatch):
    writer = _token(app, world.coach.id)
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 2001)
    many = [_referral(f"Etu{i}", f"Suku{i}", email=f"e{i}@example.fi") for i in range(2001)]
    checked = _send(app, writer, {"referrals": many, "dry_run": True})
    assert checked.status_code == 200 and checked.json["count"] == 2001
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 2)
    refused = _send(app, writer, {"referrals": many[:3], "dry_run": True})
    assert refused.status_code == 422
    assert [e["name"] for e in refused.json["errors"]] == ["referrals"]
