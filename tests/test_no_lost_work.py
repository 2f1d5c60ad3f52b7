"""No typed text is lost: a form sent after its session ended is filled in again after
signing in (only for the same person, only on its page, once); the pages say when the
session ends and the keep-alive answers how long is left; destructive actions ask first;
and numbers, percentages and months are written as the reader's language writes them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from flask_babel import force_locale, lazy_pgettext
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.app import formats
from portal.app.extensions import db
from portal.models import Client, Consent, ConsentScope
from tests.support.browser import Browser, form_fields

TEXT = "Haluaa kaupan alalle; <script>alert(1)</script> =SUM(A1)"


def _client_form(world) -> dict[str, str]:
    return {
        "first_name": "Emma",
        "last_name": "Laine",
        "birth_year": "2005",
        "municipality": "Vantaa",
        "highest_education": "basic",
        "goal": "study",
        "preferred_fields": TEXT,
        "coach_id": str(world.coach.id),
    }


def _kept(html: str) -> dict | None:
    found = re.search(r'<script type="application/json" id="kept-draft">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


def test_a_form_sent_after_the_session_ended_is_filled_in_again(app, world, as_role):
    with freeze_time() as frozen:
        coach = as_role("coach")
        fields = form_fields(coach, "/clients/new")
        frozen.tick(timedelta(minutes=31))  # idle past the limit: the session is gone
        late = coach.client.post("/clients/new", data={**fields, **_client_form(world)})
        assert late.status_code == 302
        assert late.headers["Location"].startswith("/login?next=/clients/new")
        with app.app_context():
            assert db.session.scalar(select(func.count(Client.id))) == 2  # nothing saved
        assert "Kirjoittamasi teksti on tallessa" in coach.get("/login").get_data(True)
        coach.login(world.coach.email)
        page = coach.get("/clients/new").get_data(as_text=True)
        draft = _kept(page)
        assert draft["action"] == "/clients/new"
        assert ["preferred_fields", TEXT] in draft["fields"]
        assert "<script>alert(1)" not in page  # the text is data, never markup
        assert not any(name in ("csrf_token", "form_token") for name, _ in draft["fields"])
        # Shown once: reloading the page does not bring it back.
        assert _kept(coach.get("/clients/new").get_data(as_text=True)) is None


def test_a_kept_draft_is_shown_only_to_the_person_who_typed_it(app, world, as_role):
    with freeze_time() as frozen:
        coach = as_role("coach")
        for _ in range(24):  # active every 29 minutes, 11 h 36 min in all
            frozen.tick(timedelta(minutes=29))
            assert coach.get("/").status_code == 200
        fields = form_fields(coach, "/clients/new")
        frozen.tick(timedelta(minutes=29))  # past the 12-hour limit: the session knows whose
        late = coach.client.post("/clients/new", data={**fields, **_client_form(world)})
        assert late.headers["Location"].startswith("/login?next=/clients/new")
        coach.login(world.other_coach.email)
        assert _kept(coach.get("/clients/new").get_data(as_text=True)) is None


def test_an_idle_session_s_draft_goes_only_to_its_owner(app, world, as_role):
    """After 30 idle minutes the store has forgotten the session, so whose the late form was
    comes from the signed owner cookie: another person signing in on that browser, on a page
    they are refused or the same form, never sees the text; the owner does."""
    with freeze_time() as frozen:
        coach = as_role("coach")
        fields = form_fields(coach, "/clients/new")
        frozen.tick(timedelta(minutes=31))
        late = coach.client.post("/clients/new", data={**fields, **_client_form(world)})
        assert late.headers["Location"].startswith("/login?next=/clients/new")
        coach.login(world.other_coach.email)
        for page in ("/clients/new", f"/clients/{world.client.id}/sensitive"):
            html = coach.get(page).get_data(as_text=True)
            assert _kept(html) is None and "alert(1)" not in html
    with freeze_time() as frozen:
        coach = as_role("coach")
        fields = form_fields(coach, "/clients/new")
        frozen.tick(timedelta(minutes=31))
        coach.client.post("/clients/new", data={**fields, **_client_form(world)})
        coach.login(world.coach.email)
        assert ["preferred_fields", TEXT] in _kept(coach.get("/clients/new").get_data(True))[
            "fields"
        ]


def test_without_a_valid_owner_cookie_nothing_is_kept(app, world, as_role):
    with freeze_time():
        coach = as_role("coach")
        fields = form_fields(coach, "/clients/new")
        coach.client.delete_cookie("polku_session")  # the session is lost, whatever the store
        coach.client.set_cookie("polku_draft_owner", "forged")
        late = coach.client.post("/clients/new", data={**fields, **_client_form(world)})
        assert late.status_code == 400  # nothing kept for nobody
        coach.login(world.coach.email)
        assert _kept(coach.get("/clients/new").get_data(as_text=True)) is None


def test_an_owner_cookie_past_the_absolute_limit_names_nobody(app, world, as_role):
    """The cookie's signature is checked once per cookie value (``drafts._signed_owner``), its
    age on every request: a well-signed cookie older than the absolute session limit, sent
    again as it was, keeps nothing."""
    with freeze_time() as frozen:
        coach = as_role("coach")
        fields = form_fields(coach, "/clients/new")
        coach.get("/clients/new")  # the cookie, set by the first page, checked on this one
        signed = coach.client.get_cookie("polku_draft_owner").value
        frozen.tick(timedelta(hours=12, minutes=1))
        coach.client.delete_cookie("polku_session")
        coach.client.set_cookie("polku_draft_owner", signed)
        late = coach.client.post("/clients/new", data={**fields, **_client_form(world)})
        assert late.status_code == 400  # nothing kept for nobody
        coach.login(world.coach.email)
        assert _kept(coach.get("/clients/new").get_data(as_text=True)) is None


def test_a_kept_draft_expires(app, world, as_role):
    with freeze_time() as frozen:
        coach = as_role("coach")
        fields = form_fields(coach, "/clients/new")
        frozen.tick(timedelta(minutes=31))
        coach.client.post("/clients/new", data={**fields, **_client_form(world)})
        frozen.tick(timedelta(minutes=31))
        coach.login(world.coach.email)
        assert _kept(coach.get("/clients/new").get_data(as_text=True)) is None


def test_a_huge_or_empty_late_form_keeps_nothing_unbounded(app, world, as_role):
    coach = Browser(app.test_client())
    empty = coach.client.post("/clients/new", data={})
    assert empty.status_code == 400  # nothing typed: the plain answer
    huge = coach.client.post("/clients/new", data={"preferred_fields": "x" * 200_000})
    assert huge.status_code == 400  # one field over the whole draft's bound keeps nothing


def test_pages_say_when_the_session_ends_and_the_keep_alive_answers(app, world, as_role):
    with freeze_time("2026-06-01 10:00:00") as frozen:
        coach = as_role("coach")
        page = coach.get("/").get_data(as_text=True)
        assert 'id="session-end"' in page and 'data-seconds="1800"' in page
        assert 'data-warn="120"' in page and "istuntosi päättyy klo" in page
        # A minute later the store has not been touched again: the idle clock still runs
        # from the sign-in, and the page must not promise the full 30 minutes.
        frozen.tick(timedelta(minutes=1))
        assert 'data-seconds="1740"' in coach.get("/").get_data(as_text=True)
        # Past the touch interval a request moves the store's clock on, and says so.
        frozen.tick(timedelta(minutes=4))
        alive = coach.get("/session/alive")
        assert alive.status_code == 200 and alive.get_json()["seconds"] == 1800
        frozen.tick(timedelta(minutes=1))
        assert 'data-seconds="1740"' in coach.get("/").get_data(as_text=True)
        # "Stay signed in" always moves the clock on, even within the touch interval.
        assert coach.get("/session/alive").get_json()["seconds"] == 1800
        frozen.tick(timedelta(seconds=30))
        assert 'data-seconds="1770"' in coach.get("/").get_data(as_text=True)
    visitor = Browser(app.test_client())
    assert visitor.get("/session/alive").status_code == 302
    assert 'id="session-end"' not in visitor.get("/login").get_data(as_text=True)


def test_withdrawing_a_consent_asks_first(app, world, as_role):
    coach = as_role("coach")
    new = f"/clients/{world.client.id}/consents/new"
    assert coach.post(new, {"scope": ConsentScope.INTAKE_SUMMARY.value}).status_code == 302
    with app.app_context():
        consent_id = db.session.scalar(
            select(Consent.id).where(Consent.client_id == world.client.id)
        )
    url = f"/clients/{world.client.id}/consents/{consent_id}/withdraw"
    asked = coach.post(url, {}, form_url=f"/clients/{world.client.id}")
    assert asked.status_code == 200 and "Perutaanko suostumus?" in asked.get_data(True)
    with app.app_context():
        assert db.session.get(Consent, consent_id).withdrawn_at is None
    done = coach.post(url, {"confirmed": "yes"}, form_url=f"/clients/{world.client.id}")
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Consent, consent_id).withdrawn_at is not None


def test_numbers_percentages_and_months_in_the_readers_language(app):
    with app.test_request_context():
        with force_locale("fi"):
            assert formats.percent(33.3) == "33,3\xa0%"
            assert formats.month("2026-03") == "maaliskuu 2026"
            assert formats.number(1234.5) == "1\xa0234,5"
            assert formats.figure("<5", " %") == "<5"
            assert str(lazy_pgettext("end of a date range", "To")) == "Päättyen"
        with force_locale("sv"):
            assert formats.month("2026-03") == "mars 2026"
            assert str(lazy_pgettext("end of a date range", "To")) == "Till"
        with force_locale("en"):
            assert formats.percent(33.3) == "33.3%"
