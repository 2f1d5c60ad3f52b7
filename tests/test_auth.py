import re
from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from portal.app.extensions import db
from portal.models import AuditEvent, Invitation, OutboxMessage, ServerSession, User
from tests.conftest import PASSWORD, Browser, csrf_token

LOGIN_ERROR = "Virheellinen sähköposti tai salasana."
LONG_PASSPHRASE = ("kolme kirjaa ja kahvikuppi pöydällä, sade ropisee ikkunaan " * 3)[:128]


def test_wrong_password_and_unknown_email_look_the_same(browser, world):
    wrong = browser.login(world.coach.email, "not the right password")
    unknown = browser.login("nobody@example.fi", "not the right password")
    assert wrong.status_code == unknown.status_code == 200
    assert LOGIN_ERROR in wrong.get_data(as_text=True)
    assert LOGIN_ERROR in unknown.get_data(as_text=True)
    assert browser.get("/").status_code == 302


def test_password_must_match_exactly(browser, world):
    assert browser.login(world.coach.email, PASSWORD[:-1]).status_code == 200
    assert browser.login(world.coach.email.upper(), PASSWORD).status_code == 302


def test_missing_csrf_token_is_refused(app, world):
    client = app.test_client()
    response = client.post("/login", data={"email": world.coach.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # still signed out


def test_login_issues_a_new_session_id_and_forgets_the_old_one(app, world):
    browser = Browser(app.test_client())
    browser.get("/login")
    before = browser.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert browser.login(world.coach.email).status_code == 302
    after = browser.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert before != after
    if not app.config.get("REDIS_URL"):
        with app.app_context():
            assert db.session.get(ServerSession, before) is None
            assert db.session.get(ServerSession, after) is not None


def test_cookie_captured_before_sign_out_is_refused_after(app, as_role):
    browser = as_role("coach")
    name = app.config["SESSION_COOKIE_NAME"]
    captured = browser.client.get_cookie(name).value
    assert browser.get("/").status_code == 200
    browser.logout()
    replay = app.test_client()
    replay.set_cookie(name, captured)
    response = replay.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_idle_timeout_after_30_minutes(as_role):
    with freeze_time() as frozen:
        browser = as_role("coach")
        frozen.tick(timedelta(minutes=29))
        assert browser.get("/").status_code == 200
        frozen.tick(timedelta(minutes=31))
        response = browser.get("/")
        assert response.status_code == 302


def test_absolute_timeout_after_12_hours(as_role):
    with freeze_time() as frozen:
        browser = as_role("coach")
        for _ in range(25):  # active every 29 minutes, 12 h 5 min in all
            frozen.tick(timedelta(minutes=29))
            last = browser.get("/")
        assert last.status_code == 302


def test_deactivating_a_user_ends_their_sessions(app, world, as_role):
    coach = as_role("coach")
    admin = as_role("admin")
    response = admin.post(
        f"/admin/users/{world.coach.id}",
        {
            "name": "Kaisa Valmentaja",
            "email": world.coach.email,
            "role": "coach",
            "company_id": "0",
            "locale": "",
        },
    )
    assert response.status_code == 302
    assert coach.get("/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, as_role):
    here, elsewhere = as_role("coach"), as_role("coach")
    new_password = "a brand new passphrase for polku"
    response = here.post(
        "/account/password",
        {"current": PASSWORD, "password": new_password, "confirm": new_password},
    )
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


def test_next_parameter_only_goes_to_local_paths(browser, world):
    """Also through the code step: the target given to the password step is kept for it."""
    for target in ["//evil.example", "https://evil.example", "/\\evil.example", "https:evil"]:
        b = Browser(browser.client.application.test_client())
        page = b.get("/login").get_data(as_text=True)
        response = b.client.post(
            f"/login?next={target}",
            data={"csrf_token": csrf_token(page), "email": world.coach.email, "password": PASSWORD},
        )
        assert response.headers["Location"] == "/login/code", target
        response = b.post("/login/code", {"code": b._fresh_code(world.coach.email)})
        assert response.headers["Location"] == "/", target
    b = Browser(browser.client.application.test_client())
    page = b.get("/login").get_data(as_text=True)
    response = b.client.post(
        "/login?next=/clients/",
        data={"csrf_token": csrf_token(page), "email": world.employer.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/clients/"


def test_login_attempts_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    browser = Browser(app.test_client())
    codes = [
        browser.login("someone@example.fi", "wrong password here").status_code for _ in range(6)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5] == 429
    assert "Liian monta yritystä" in browser.login("someone@example.fi", "x").get_data(as_text=True)


def test_sign_in_events_are_audited(app, world, browser):
    browser.login(world.coach.email, "wrong password!!")
    browser.login(world.coach.email)
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.outcome)).all()
    assert ("auth.login", "failed") in events
    assert ("auth.password", "ok") in events  # the password step of a two-step sign-in
    assert ("auth.login", "ok") in events


def _invite(app, browser_admin, email="new.coach@example.fi", role="coach", company="0"):
    response = browser_admin.post(
        "/admin/users/new",
        {
            "name": "Uusi Valmentaja",
            "email": email,
            "role": role,
            "company_id": company,
            "locale": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == email))
    link = next(word for word in message.body.split() if "/invitation/" in word)
    return link[link.index("/invitation/") :]


def test_invitation_sets_password_once(app, as_role):
    path = _invite(app, as_role("admin"))
    visitor = Browser(app.test_client())
    assert visitor.get(path).status_code == 200
    weak = visitor.post(path, {"password": "salasana123", "confirm": "salasana123"})
    assert weak.status_code == 200
    assert "liian yleinen" in weak.get_data(as_text=True)
    good = "kolme kirjaa ja kahvikuppi"
    accepted = visitor.post(path, {"password": good, "confirm": good})
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/"
    # Signed in by the link and the new password; a coach's role needs a second factor first.
    assert visitor.get("/").headers["Location"].startswith("/account/mfa")
    assert Browser(app.test_client()).login("new.coach@example.fi", good).status_code == 302
    again = Browser(app.test_client())
    reused = again.client.get(path)
    assert reused.status_code == 400
    assert "jo käytetty tai vanhentunut" in reused.get_data(as_text=True)
    assert (
        again.client.post(path, data={"password": "x" * 20, "confirm": "x" * 20}).status_code == 400
    )


def test_expired_invitation_changes_nothing(app, as_role):
    path = _invite(app, as_role("admin"))
    with freeze_time(timedelta(days=7, minutes=1)):
        visitor = Browser(app.test_client())
        response = visitor.get(path)
        assert response.status_code == 400
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new.coach@example.fi"))
        assert user.password_hash is None
        assert (
            db.session.scalar(
                select(func.count(Invitation.id)).where(Invitation.used_at.is_not(None))
            )
            == 0
        )


def test_password_policy(app, ctx):
    from portal.auth.passwords import password_problems

    with app.test_request_context():
        assert password_problems("a" * 11)
        assert not password_problems("kolme kirjaa")  # 12 characters
        assert not password_problems(LONG_PASSPHRASE)  # 128 characters
        assert password_problems("Salasana123!")
        assert password_problems("Password1!")
        assert password_problems("password1234")
        assert not password_problems("correct horse battery staple")


def test_invitation_token_has_256_bits_and_only_its_hash_is_stored(app, as_role):
    """Checklist row 7: at least 128 bits; the database holds no usable link."""
    token = _invite(app, as_role("admin")).rsplit("/", 1)[1]
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    with app.app_context():
        stored = db.session.scalars(select(Invitation.token_hash)).all()
    assert token not in stored and len(stored) == 1


def test_an_employer_invited_at_the_demo_domain_is_signed_in_by_the_invitation(app, as_role, world):
    """The demo accounts live at polku.test: an address there is accepted where
    EMAIL_ALLOW_TEST_DOMAINS says so, and the invited person lands signed in on their start
    page, without signing in again."""
    admin = as_role("admin")
    path = _invite(
        app, admin, email="uusi.ohjaaja@polku.test", role="employer", company=str(world.company.id)
    )
    visitor = Browser(app.test_client())
    good = "kolme kirjaa ja kahvikuppi"
    assert visitor.post(path, {"password": good, "confirm": good}).headers["Location"] == "/"
    assert visitor.get("/").status_code == 200


def test_the_test_domain_is_refused_where_it_is_not_allowed(app, as_role):
    admin = as_role("admin")
    app.config["EMAIL_ALLOW_TEST_DOMAINS"] = False
    try:
        refused = admin.post(
            "/admin/users/new",
            {"name": "X", "email": "x@polku.test", "role": "coach", "company_id": "0"},
        )
    finally:
        app.config["EMAIL_ALLOW_TEST_DOMAINS"] = True
    assert refused.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "x@polku.test")) is None


def test_links_in_mail_follow_the_port_the_portal_serves_on(monkeypatch):
    from portal.app.config import _public_url_from_env

    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "8123")
    assert _public_url_from_env() == "http://127.0.0.1:8123"
    monkeypatch.setenv("PUBLIC_URL", "https://polku.example.fi")
    assert _public_url_from_env() == "https://polku.example.fi"
