"""Two-step sign-in in a real browser, with the production rule (admins and coaches must use
it): a coach signs in, is taken to enrolment, scans (reads) the key, types the code, keeps the
recovery codes and reaches the client list; signing in again asks for the code. Every page is
checked with axe-core and at 320 px."""

import re
import time

import pyotp
import pytest

from portal.demo.data import DEMO_PASSWORD
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_phone_width import _overflow


@pytest.fixture(scope="module")
def live_server_config() -> dict:
    return {}  # TestingConfig's MFA_REQUIRED_ROLES: admin and coach, as in production


def _password_step(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()


def _check(page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    _overflow(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_coach_enrols_and_signs_in_with_a_code(page, live_server):
    _password_step(page, live_server, "coach@polku.test")
    assert page.url == f"{live_server}/account/mfa"
    page.goto(f"{live_server}/clients/")
    assert page.url == f"{live_server}/account/mfa"  # nothing else until enrolled
    assert page.locator("figure.qr-code svg").count() == 1
    _check(page)

    page.get_by_role("button", name="Ota kaksivaiheinen tunnistautuminen käyttöön").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    _check(page)

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    enrolment_code = totp.now()
    page.get_by_label("Sovelluksen koodi").fill(enrolment_code)
    page.get_by_role("button", name="Ota kaksivaiheinen tunnistautuminen käyttöön").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server}/account/mfa/codes"
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    _check(page)
    page.get_by_role("link", name="Olen tallentanut koodit").click()
    page.goto(f"{live_server}/clients/")
    assert page.url == f"{live_server}/clients/"

    page.get_by_role("button", name="Kirjaudu ulos").click()
    _password_step(page, live_server, "coach@polku.test")
    assert page.url == f"{live_server}/login/code"
    _check(page)
    # The code used at enrolment, even when its 30 seconds have passed since: refused.
    page.get_by_label("Koodi").fill(enrolment_code)
    page.get_by_role("button", name="Jatka").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server}/login/code"
    assert page.locator(".error-summary").is_visible()
    _check(page)
    page.get_by_label("Koodi").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Jatka").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/clients/")
    assert page.url == f"{live_server}/clients/"
    assert re.search(r"Kaksivaiheinen tunnistautuminen", page.content())
