"""The ESF+ pages in a real browser: accessible (axe), usable on a phone at 375 and 320 px
without sideways scrolling, and the intake form works by tapping the labels."""

import re

import pytest

from tests.browser.test_accessibility import assert_accessible, sign_in
from tests.browser.test_phone_width import _overflow


def _first_client(page, live_server) -> str:
    page.goto(f"{live_server}/clients/")
    href = page.locator("a[href^='/clients/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return next(h for h in href if re.fullmatch(r"/clients/\d+", h))


@pytest.mark.parametrize("width", [375, 320])
def test_the_intake_questions_on_a_phone(chromium, live_server, width):
    context = chromium.new_context(viewport={"width": width, "height": 740}, locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, "coach@polku.test")
    client = _first_client(page, live_server)
    page.goto(f"{live_server}{client}/esf")
    assert page.locator("h1").inner_text().startswith("ESR+-osallistujatiedot")
    assert _overflow(page) <= 0
    assert_accessible(page)
    page.get_by_role("group", name="Sukupuoli").get_by_label("Muunsukupuolinen").check()
    page.get_by_role("group", name="Korkein suoritettu koulutus").get_by_label(
        "Enintään perusopetus (ISCED 0–2)"
    ).check()
    disability = page.get_by_role("group", name=re.compile("On vammainen"))
    disability.get_by_label("Ei halua kertoa").check()
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server}{client}"
    page.goto(f"{live_server}{client}/esf")
    assert page.get_by_role("group", name="Sukupuoli").get_by_label("Muunsukupuolinen").is_checked()
    assert (
        page.get_by_role("group", name=re.compile("On vammainen"))
        .get_by_label("Ei halua kertoa")
        .is_checked()
    )
    context.close()


def test_the_indicator_page_is_accessible_and_fits_a_phone(chromium, page, live_server):
    sign_in(page, live_server, "admin@polku.test")
    page.goto(f"{live_server}/reports/esf")
    assert page.locator("table.esf-table").count() >= 3
    assert_accessible(page)
    page.goto(f"{live_server}/reports/esf?start=2026-06-30&end=2026-01-01")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    narrow = context.new_page()
    narrow.csp_violations = []
    sign_in(narrow, live_server, "admin@polku.test")
    narrow.goto(f"{live_server}/reports/esf")
    assert _overflow(narrow) <= 0
    context.close()
