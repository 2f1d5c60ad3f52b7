"""The fixed cost of a signed-in request: an unchanged session is not written, the database
store loads the session and its user in one statement, Redis needs none, and the idle limit
still holds although the session is only touched every few minutes. The layout's texts and
header cost no more than they must: a catalog is resolved once per language, and the unread
count runs no statement of its own when the session's statement found nothing unread."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from flask import render_template_string, request
from freezegun import freeze_time

from portal.app.extensions import db
from portal.hooks import contributions, translations
from portal.models import Notification, ServerSession, User
from portal.notify import service
from tests.conftest import Browser, World, count_queries

DATABASE_STORE = pytest.mark.skipif(
    bool(os.environ.get("REDIS_URL")), reason="the database session store (no REDIS_URL)"
)


def _session_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if "server_sessions" in s]


def _user_loads(statements: list[str]) -> list[str]:
    return [
        s
        for s in statements
        if " FROM users \nWHERE users.id = " in s
        or (s.lstrip().startswith("SELECT users.") and "WHERE users.id =" in s)
    ]


def _writes(app, monkeypatch) -> list[str]:
    """Every whole-session write the store makes from now on."""
    written: list[str] = []
    interface = app.session_interface
    original = interface._upsert_session

    def spy(lifetime, session, store_id):
        written.append((request.path, sorted(session.keys())))
        return original(lifetime, session, store_id)

    monkeypatch.setattr(interface, "_upsert_session", spy)
    return written


@DATABASE_STORE
def test_a_signed_in_get_reads_session_and_user_in_one_statement(app, as_role):
    coach = as_role("coach")
    coach.get("/")
    with count_queries(app) as statements:
        assert coach.get("/").status_code == 200
    session_sql = _session_statements(statements)
    assert len(session_sql) == 1
    assert session_sql[0].lstrip().startswith("SELECT") and "JOIN users" in session_sql[0]
    assert statements[0] == session_sql[0]
    assert _user_loads(statements) == []


@DATABASE_STORE
def test_the_store_knows_the_signed_in_user(app, world, as_role):
    coach = as_role("coach")
    sid = coach.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    with app.app_context():
        assert db.session.get(ServerSession, sid).user_id == world.coach.id
    coach.logout()
    with app.app_context():
        after = db.session.get(ServerSession, sid)
        assert after is None or after.user_id is None


def test_an_unchanged_session_is_not_written(app, as_role, monkeypatch):
    with freeze_time() as frozen:
        coach = as_role("coach")
        written = _writes(app, monkeypatch)  # the first page after sign-in included
        for _ in range(5):
            frozen.tick(timedelta(seconds=20))
            assert coach.get("/").status_code == 200
            assert coach.get("/clients/").status_code == 200
        assert written == []


@DATABASE_STORE
def test_an_unchanged_session_is_touched_at_most_every_interval(app, as_role):
    interval = app.config["SESSION_TOUCH_INTERVAL"]
    with freeze_time() as frozen:
        coach = as_role("coach")
        frozen.tick(interval - timedelta(seconds=1))
        with count_queries(app) as early:
            coach.get("/")
        frozen.tick(timedelta(seconds=1))
        with count_queries(app) as due:
            response = coach.get("/")
        with count_queries(app) as after:
            coach.get("/")
    assert [s for s in early if not s.lstrip().startswith("SELECT")] == []
    touches = [s for s in _session_statements(due) if s.lstrip().startswith("UPDATE")]
    assert len(touches) == 1
    assert "data" not in touches[0].split("WHERE")[0]  # the expiry only, not a rewrite
    assert app.config["SESSION_COOKIE_NAME"] in response.headers.get("Set-Cookie", "")
    assert [s for s in after if s.lstrip().startswith("UPDATE")] == []


def test_an_active_user_stays_signed_in_past_the_idle_limit(as_role):
    """Touched every few minutes, the session of someone who keeps working does not end."""
    with freeze_time() as frozen:
        coach = as_role("coach")
        for _ in range(45):
            frozen.tick(timedelta(minutes=1))
            assert coach.get("/").status_code == 200


def test_the_idle_limit_counts_from_the_last_touch(app, as_role):
    """Between touches the idle clock is not moved: the limit can end a session at most one
    touch interval early, never late."""
    interval = app.config["SESSION_TOUCH_INTERVAL"]
    idle = app.config["PERMANENT_SESSION_LIFETIME"]
    with freeze_time() as frozen:
        coach = as_role("coach")
        frozen.tick(interval / 2)
        assert coach.get("/").status_code == 200  # too soon to touch
        frozen.tick(idle - interval / 2 + timedelta(seconds=1))
        response = coach.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_changed_session_is_written(app, as_role, monkeypatch):
    coach = as_role("coach")
    written = _writes(app, monkeypatch)
    coach.post("/clients/", {"q": "Virtanen"})  # the search term is kept in the session
    assert len(written) == 1


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_with_redis_no_statement_serves_the_session(make_app):
    app = make_app(REDIS_URL=os.environ["REDIS_URL"])
    with app.app_context():
        world = World()
    coach = Browser(app.test_client())
    assert coach.login(world.coach.email).status_code == 302
    coach.get("/")
    with count_queries(app) as statements:
        assert coach.get("/").status_code == 200
    assert _session_statements(statements) == []
    assert len(_user_loads(statements)) == 1
    store_id = (
        app.session_interface.key_prefix
        + coach.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    )
    assert app.session_interface.client.pttl(store_id) > 0


@DATABASE_STORE
def test_a_signed_in_page_with_nothing_unread_runs_only_the_sessions_statement(app, as_role):
    coach = as_role("coach")
    coach.get("/accessibility")
    with count_queries(app) as statements:
        assert coach.get("/accessibility").status_code == 200
    assert len(statements) == 1
    assert "server_sessions" in statements[0] and "notifications" in statements[0]


@DATABASE_STORE
def test_the_unread_count_still_counts_what_is_unread_and_in_scope(app, world, as_role):
    with app.app_context():
        db.session.add_all(
            [
                Notification(user_id=world.coach.id, kind="concern_raised", link="/"),
                # About a young person of another coach: never counted, never shown.
                Notification(
                    user_id=world.coach.id,
                    client_id=world.other_client.id,
                    kind="concern_raised",
                    link="/",
                ),
            ]
        )
        db.session.commit()
    page = as_role("coach").get("/accessibility").get_data(as_text=True)
    assert "(1 lukematon)" in page or "(1 unread)" in page


@DATABASE_STORE
def test_a_notification_raised_during_the_request_is_counted(app, world):
    """The session's statement found nothing unread; a notification raised later in the same
    request is counted all the same."""
    with app.test_request_context():
        user = db.session.get(User, world.coach.id)
        service.note_unread(user, False)
        assert service.unread_count(user) == 0
        service.notify([user], "concern_raised", link="/")
        db.session.flush()
        assert service.unread_count(user) == 1
        db.session.rollback()


def test_the_layout_resolves_each_language_catalog_once(app, as_role, monkeypatch):
    """After the first page in a language, its texts cost a lookup: no catalog is resolved
    again (catalogs do not change once the app has started)."""
    resolved: list[object] = []
    original = translations._core_translations

    def spy():
        resolved.append(1)
        return original()

    coach = as_role("coach")
    coach.get("/accessibility")
    coach.get("/p/assessments/")
    monkeypatch.setattr(translations, "_core_translations", spy)
    assert coach.get("/accessibility").status_code == 200
    assert coach.get("/p/assessments/").status_code == 200  # a plugin's page and texts
    assert resolved == []


def test_the_navigation_builds_each_address_once(app, as_role, monkeypatch):
    """The plugins are asked for their entries on every page; the entries' addresses are
    built once per process."""
    built: list[str] = []
    original = contributions.url_for

    def spy(endpoint, **values):
        built.append(endpoint)
        return original(endpoint, **values)

    coach = as_role("coach")
    coach.get("/accessibility")
    monkeypatch.setattr(contributions, "url_for", spy)
    page = coach.get("/accessibility").get_data(as_text=True)
    assert built == []
    assert 'href="/clients/"' in page and 'href="/p/assessments/"' in page


def test_the_layouts_own_names_do_not_reach_the_page(app):
    """What the layout keeps while it renders (the language picker's choice) stays inside it:
    a page's own ``locale`` (a translation's target language, say) is the page's."""
    page = '{% extends "base.html" %}{% block content %}[{{ locale }}]{% endblock %}'
    with app.test_request_context("/"):
        assert "[ar]" in render_template_string(page, locale="ar")
