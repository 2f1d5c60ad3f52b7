"""The data-quality, cohort comparison and distance-travelled pages in a real browser: no axe
violations, no sideways scroll at 320 px, and the self-assessment works without JavaScript."""

from __future__ import annotations

import re

from tests.browser.test_accessibility import assert_accessible, sign_in

REPORT_PAGES = [
    "/reports/quality/",
    "/reports/compare/?by=period&from=2026-01-01&to=2026-06-30&from=2026-07-01&to=2026-12-31",
    "/reports/compare/?by=period&from=2026-06-01&to=2026-01-01",
    "/reports/distance",
]


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, page.url


def test_report_pages_are_accessible(page, live_server):
    sign_in(page, live_server, "admin@polku.test")
    for path in REPORT_PAGES:
        page.goto(f"{live_server}{path}")
        assert_accessible(page)


def test_report_pages_fit_320_pixels(chromium, live_server):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    sign_in(page, live_server, "coach@polku.test")
    for path in REPORT_PAGES:
        page.goto(f"{live_server}{path}")
        _no_sideways_scroll(page)
    context.close()


def _open_round(chromium, live_server) -> None:
    """The coach opens an entry self-assessment for the demo client (the first demo client)."""
    context = chromium.new_context(locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/clients/1/distance")
    assert_accessible(page)
    page.get_by_role("button", name="Avaa itsearviointi").click()
    page.wait_for_load_state()
    context.close()


def test_the_young_person_fills_the_self_assessment_on_a_phone_without_javascript(
    chromium, live_server
):
    _open_round(chromium, live_server)
    context = chromium.new_context(
        viewport={"width": 320, "height": 640}, locale="fi-FI", java_script_enabled=False
    )
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, "client@polku.test")
    page.goto(f"{live_server}/my/distance")
    link = page.get_by_role("link", name=re.compile("Täytä itsearviointi"))
    link.click()
    page.wait_for_load_state()
    _no_sideways_scroll(page)
    for label in page.locator("fieldset").all():
        label.get_by_label("Enimmäkseen").check()
    page.get_by_role("button", name="Tallenna vastaukseni").click()
    page.wait_for_load_state()
    assert "3 – Enimmäkseen" in page.content()
    _no_sideways_scroll(page)
    context.close()


def test_the_self_assessment_pages_are_accessible(chromium, live_server):
    context = chromium.new_context(locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, "client@polku.test")
    page.goto(f"{live_server}/my/distance")
    assert_accessible(page)
    context.close()
