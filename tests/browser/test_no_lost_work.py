"""No lost work in a real browser: the warning before an idle session ends and "Stay signed
in"; a form sent after the session ended filled in again after signing in; focus on the error
summary after a failed submit; and the young person's and the supervisor's everyday tasks done
with the keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.test_accessibility import sign_in

TEXT = "Kaupan ala, varasto; ei yövuoroja"


@pytest.fixture(scope="module")
def live_server_config():
    """Sessions of 2 min 15 s: the warning (two minutes before the end) shows 15 s after the
    sign-in, which leaves a slow machine time to show the first page without it."""
    return {"MFA_REQUIRED_ROLES": (), "PERMANENT_SESSION_LIFETIME": timedelta(seconds=135)}


#: The button that ticks a step (not the one that adds a photo to a step already done).
TICK = "form[action*='/p/onboarding/progress/']:not([action$='/photos']) button[type=submit]"


def test_the_warning_comes_before_the_session_ends_and_staying_keeps_it(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    warning = page.locator("#session-warning")
    assert warning.is_hidden()
    assert "istuntosi päättyy klo" in page.locator("#session-end").inner_text()
    warning.wait_for(state="visible", timeout=30_000)
    assert page.get_attribute("#session-warning", "role") == "alertdialog"
    assert page.evaluate("document.activeElement.id") == "session-stay"
    with page.expect_response(lambda r: "/session/alive" in r.url) as answer:
        page.keyboard.press("Enter")
    assert answer.value.json()["seconds"] > 100
    assert warning.is_hidden()


def test_a_form_sent_after_the_session_ended_is_filled_in_after_signing_in(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/clients/new")
    page.get_by_label("Etunimi").fill("Emma")
    page.get_by_label("Kiinnostavat alat").fill(TEXT)
    # The session ends (idle, or the server forgot it); the signed owner cookie stays.
    page.context.clear_cookies(name="polku_session")
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()
    assert "/login" in page.url
    assert "Kirjoittamasi teksti on tallessa" in page.content()
    page.get_by_label("Sähköposti").fill("coach@polku.test")
    page.get_by_label("Salasana").fill("polku-demo-2026")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()
    assert page.url.endswith("/clients/new")
    assert page.get_by_label("Kiinnostavat alat").input_value() == TEXT
    assert page.get_by_label("Etunimi").input_value() == "Emma"


def test_focus_moves_to_the_error_summary_after_a_failed_submit(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/clients/new")
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    link = page.locator(".error-summary a").first
    target = link.get_attribute("href")
    assert page.locator(target).count() == 1  # each link leads to its field


def _tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the focus is on an element matching ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"the keyboard never reached {selector}")


def _sign_in_by_keyboard(page, live_server, email):
    page.goto(f"{live_server}/login")
    _tab_to(page, "input[name=email]")
    page.keyboard.type(email)
    _tab_to(page, "input[name=password]")
    page.keyboard.type("polku-demo-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}/"


def test_the_young_person_marks_their_step_done_with_the_keyboard(page, live_server):
    _sign_in_by_keyboard(page, live_server, "client@polku.test")
    page.goto(f"{live_server}/my/more/onboarding")  # the checklist, a tap from the home
    before = page.get_by_role("button", name="Tein tämän").count()
    assert before > 0
    _tab_to(page, TICK)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Vaihe merkittiin tehdyksi" in page.content()
    assert page.get_by_role("button", name="Tein tämän").count() == before - 1


def test_the_supervisor_opens_a_trainee_and_marks_a_step_with_the_keyboard(page, live_server):
    _sign_in_by_keyboard(page, live_server, "employer@polku.test")
    _tab_to(page, "main a[href^='/trainees/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/trainees/" in page.url
    buttons = page.get_by_role("button", name="Merkitse tehdyksi")
    before = buttons.count()
    assert before > 0
    _tab_to(page, TICK)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Vaihe merkittiin tehdyksi" in page.content()
    assert page.get_by_role("button", name="Merkitse tehdyksi").count() == before - 1
