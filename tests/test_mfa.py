"""Two-step sign-in: the code step, enrolment, replay, recovery codes, re-authentication and the
admin's reset (security checklist row 6: no access to /clients without a valid TOTP)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import select, update

from portal.app.extensions import db
from portal.models import AuditEvent, RecoveryCode, User
from tests.conftest import PASSWORD, Browser, count_queries

CODE_ERROR = "Koodi ei ole oikein, tai se on jo käytetty."


def _password_step(app, email: str) -> Browser:
    browser = Browser(app.test_client())
    response = browser.login(email, second_factor=False)
    assert response.status_code == 302
    return browser


def _drop_mfa(app, user_id: int) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(totp_secret=None))
        db.session.commit()


def _events(app) -> list[tuple[str, str]]:
    with app.app_context():
        return db.session.execute(select(AuditEvent.action, AuditEvent.outcome)).all()


def test_no_access_to_clients_without_a_valid_totp(app, world):
    browser = _password_step(app, world.coach.email)
    assert browser.get("/clients/").status_code == 302
    assert browser.get("/clients/").headers["Location"].startswith("/login")
    wrong = browser.post("/login/code", {"code": "000000"})
    assert wrong.status_code == 200
    assert CODE_ERROR in wrong.get_data(as_text=True)
    assert browser.get("/clients/").status_code == 302
    right = browser.post("/login/code", {"code": pyotp.TOTP(world.coach.totp_secret).now()})
    assert right.status_code == 302
    assert browser.get("/clients/").status_code == 200
    assert ("auth.mfa", "failed") in _events(app)


def test_the_same_code_is_not_accepted_twice(app, world):
    code = pyotp.TOTP(world.coach.totp_secret).now()
    first = _password_step(app, world.coach.email)
    assert first.post("/login/code", {"code": code}).status_code == 302
    second = _password_step(app, world.coach.email)
    replay = second.post("/login/code", {"code": code})
    assert replay.status_code == 200
    assert CODE_ERROR in replay.get_data(as_text=True)
    assert second.get("/clients/").status_code == 302
    # the next step's code is still good (clock drift of one step is allowed)
    later = pyotp.TOTP(world.coach.totp_secret).at(time.time() + 30)
    assert second.post("/login/code", {"code": later}).status_code == 302


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "=HYPERLINK(1)", "9" * 40])
def test_malformed_codes_are_refused_with_a_message(app, world, code):
    browser = _password_step(app, world.coach.email)
    response = browser.post("/login/code", {"code": code})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert browser.get("/clients/").status_code == 302


def test_code_page_without_the_password_step_goes_to_sign_in(browser):
    response = browser.get("/login/code")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_five_wrong_codes_end_the_half_way_sign_in(app, world):
    browser = _password_step(app, world.coach.email)
    for _ in range(4):
        assert browser.post("/login/code", {"code": "000000"}).status_code == 200
    fifth = browser.post("/login/code", {"code": "000000"})
    assert fifth.status_code == 302
    assert fifth.headers["Location"] == "/login"
    assert browser.get("/login/code").status_code == 302


def test_the_code_step_expires(app, world):
    with freeze_time() as frozen:
        browser = _password_step(app, world.coach.email)
        frozen.tick(timedelta(minutes=6))
        code = pyotp.TOTP(world.coach.totp_secret).now()
        response = browser.post("/login/code", {"code": code})
        assert response.status_code == 302
        assert response.headers["Location"] == "/login"
        assert browser.get("/clients/").status_code == 302


def test_coach_without_mfa_reaches_only_enrolment_until_done(app, world):
    _drop_mfa(app, world.coach.id)
    browser = _password_step(app, world.coach.email)
    for path in ("/clients/", "/", "/account/password", "/worklist/"):
        response = browser.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/mfa", path
    page = browser.get("/account/mfa").get_data(as_text=True)
    assert "<svg" in page and 'id="totp-secret"' in page
    assert "https://" not in page.split('<figure class="qr-code">')[1].split("</figure>")[0]
    wrong = browser.post("/account/mfa", {"code": "123456"})
    assert wrong.status_code == 400
    assert browser.get("/clients/").status_code == 302
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    done = browser.post("/account/mfa", {"code": pyotp.TOTP(secret).now()})
    assert done.headers["Location"] == "/account/mfa/codes"
    codes_page = browser.get("/account/mfa/codes").get_data(as_text=True)
    codes = re.findall(r"<code>([A-Z0-9-]{19})</code>", codes_page)
    assert len(codes) == 10 == len(set(codes))
    assert browser.get("/account/mfa/codes").status_code == 302  # shown once
    assert browser.get("/clients/").status_code == 200
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        user = db.session.get(User, world.coach.id)
        assert user.totp_secret == secret
    assert len(stored) == 10
    assert not {c.replace("-", "") for c in codes} & set(stored)
    assert ("auth.mfa_enrolled", "ok") in _events(app)


def test_enrolment_ends_other_logins(app, world):
    _drop_mfa(app, world.employer.id)
    elsewhere = Browser(app.test_client())
    assert elsewhere.login(world.employer.email).status_code == 302
    here = Browser(app.test_client())
    assert here.login(world.employer.email).status_code == 302
    page = here.get("/account/mfa").get_data(as_text=True)
    here.enrol(page)
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


def test_recovery_code_signs_in_once(app, world):
    browser = Browser(app.test_client())
    _drop_mfa(app, world.employer.id)
    assert browser.login(world.employer.email).status_code == 302
    browser.enrol(browser.get("/account/mfa").get_data(as_text=True))
    codes = re.findall(r"<code>([A-Z0-9-]{19})</code>", browser.get("/account/mfa/codes").text)
    browser.logout()
    first = _password_step(app, world.employer.email)
    assert first.post("/login/code", {"code": codes[0].lower()}).status_code == 302
    assert first.get("/trainees/").status_code == 200
    again = _password_step(app, world.employer.email)
    assert again.post("/login/code", {"code": codes[0]}).status_code == 200
    assert "9 käyttämätöntä varakoodia" in first.get("/account/mfa").get_data(as_text=True)


def test_employer_and_client_need_no_second_factor(app, as_role):
    for role, path in (("employer", "/trainees/"), ("client_user", "/")):
        browser = as_role(role)
        assert browser.get(path).status_code == 200, role


def test_required_roles_are_configuration(make_app):
    app = make_app(MFA_REQUIRED_ROLES=("employer",))
    with app.app_context():
        from tests.support.world import World

        world = World()
    _drop_mfa(app, world.coach.id)
    _drop_mfa(app, world.employer.id)
    coach = Browser(app.test_client())
    assert coach.login(world.coach.email, second_factor=False).status_code == 302
    assert coach.get("/clients/").status_code == 200
    employer = Browser(app.test_client())
    assert employer.login(world.employer.email, second_factor=False).status_code == 302
    assert employer.get("/trainees/").headers["Location"] == "/account/mfa"


def test_optional_second_factor_can_be_turned_off_but_a_required_one_cannot(app, world, as_role):
    _drop_mfa(app, world.employer.id)
    employer = Browser(app.test_client())
    employer.login(world.employer.email)
    employer.enrol(employer.get("/account/mfa").get_data(as_text=True))
    assert employer.post("/account/mfa/off", form_url="/account/mfa").status_code == 302
    with app.app_context():
        assert db.session.get(User, world.employer.id).totp_secret is None
    coach = as_role("coach")
    assert "/account/mfa/off" not in coach.get("/account/mfa").get_data(as_text=True)
    coach.post("/account/mfa/off", form_url="/account/mfa")
    with app.app_context():
        assert db.session.get(User, world.coach.id).totp_secret is not None


def test_changing_password_or_mfa_needs_a_recent_sign_in(app, world, as_role):
    with freeze_time() as frozen:
        coach = as_role("coach")
        assert coach.get("/account/password").status_code == 200
        frozen.tick(timedelta(minutes=6))
        for path in ("/account/password", "/account/mfa"):
            response = coach.get(path)
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/account/confirm?next=")
        renew = coach.post("/account/mfa/recovery", form_url="/")
        assert renew.headers["Location"].startswith("/account/confirm")
        url = "/account/confirm?next=/account/password"
        no_code = coach.post(url, {"password": PASSWORD, "code": ""})
        assert no_code.status_code == 200
        wrong_password = coach.post(url, {"password": "not it at all", "code": "000000"})
        assert wrong_password.status_code == 200
        code = pyotp.TOTP(world.coach.totp_secret).now()
        with app.app_context():  # as_role's sign-in used this step's code
            db.session.execute(update(User).values(totp_last_step=None))
            db.session.commit()
        confirmed = coach.post(url, {"password": PASSWORD, "code": code})
        assert confirmed.headers["Location"] == "/account/password"
        assert coach.get("/account/password").status_code == 200
    assert ("auth.reauth", "failed") in _events(app)
    assert ("auth.reauth", "ok") in _events(app)


def test_admin_resets_a_users_mfa_and_it_is_audited(app, world, as_role):
    coach = as_role("coach")
    other = as_role("other_coach")
    url = f"/admin/users/{world.coach.id}/mfa-reset"
    assert other.post(url, form_url="/").status_code == 403
    admin = as_role("admin")
    assert "Nollaa kaksivaiheinen" in admin.get(f"/admin/users/{world.coach.id}").text
    assert admin.post(url, form_url=f"/admin/users/{world.coach.id}").status_code == 302
    with app.app_context():
        user = db.session.get(User, world.coach.id)
        assert user.totp_secret is None
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.mfa_reset"))
        assert event.actor_id == world.admin.id and event.object_id == world.coach.id
    assert coach.get("/").status_code == 302  # their logins ended
    again = _password_step(app, world.coach.email)
    assert again.get("/clients/").headers["Location"] == "/account/mfa"
    assert admin.post("/admin/users/999999/mfa-reset", form_url="/admin/").status_code == 404


def test_new_recovery_codes_replace_the_old_ones(app, world, as_role):
    coach = as_role("coach")
    unticked = coach.post("/account/mfa/recovery", {}, form_url="/account/mfa")
    assert unticked.headers["Location"] == "/account/mfa"
    with app.app_context():
        assert db.session.scalars(select(RecoveryCode)).all() == []
    hashes = []
    for _ in range(2):
        ticked = coach.post("/account/mfa/recovery", {"understood": "y"}, form_url="/account/mfa")
        assert ticked.headers["Location"] == "/account/mfa/codes"
        codes = re.findall(r"<code>([A-Z0-9-]{19})</code>", coach.get("/account/mfa/codes").text)
        assert len(codes) == 10
        with app.app_context():
            hashes.append(set(db.session.scalars(select(RecoveryCode.code_hash)).all()))
    assert len(hashes[1]) == 10 and not hashes[0] & hashes[1]
    assert ("auth.mfa_recovery_renewed", "ok") in _events(app)


def test_admin_changing_an_email_or_resetting_mfa_needs_a_recent_sign_in(app, world, as_role):
    details = {"name": "Kaisa Valmentaja", "role": "coach", "company_id": "0", "locale": ""}
    url = f"/admin/users/{world.coach.id}"
    with freeze_time() as frozen:
        admin = as_role("admin")
        frozen.tick(timedelta(minutes=6))
        same = admin.post(url, {**details, "email": world.coach.email})
        assert same.headers["Location"] == "/admin/users"  # other details: no confirmation
        moved = admin.post(url, {**details, "email": "attacker@example.org"})
        assert moved.headers["Location"].startswith("/account/confirm")
        reset = admin.post(f"{url}/mfa-reset", form_url=url)
        assert reset.headers["Location"].startswith("/account/confirm")
    with app.app_context():
        user = db.session.get(User, world.coach.id)
        assert user.email == world.coach.email and user.totp_secret is not None


def test_the_enrolment_page_keeps_its_secret_and_writes_nothing_when_shown_again(app, as_role):
    employer = as_role("employer")
    first = employer.get("/account/mfa").get_data(as_text=True)
    with count_queries(app) as seen:
        again = employer.get("/account/mfa")
    secret = re.compile(r"<code[^>]*>([A-Z2-7 ]{20,})</code>")
    assert again.status_code == 200
    assert secret.findall(again.get_data(as_text=True)) == secret.findall(first) != []
    assert again.get_data(as_text=True).count("<svg") == first.count("<svg") == 1
    assert not [s for s in seen if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
