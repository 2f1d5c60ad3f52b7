"""Duplicates in a real browser: the intake's *Continue with …* keeps what was typed, and the
duplicates and merge pages are accessible, fit 320 pixels and merge two records."""

from __future__ import annotations

from tests.browser.test_accessibility import assert_accessible, sign_in


def _no_sideways_scrolling(page) -> bool:
    width = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    return page.evaluate(width) <= 0


def test_continuing_with_a_likely_duplicate_keeps_the_typed_text(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/clients/new")
    page.get_by_label("Etunimi").fill("Testi")
    page.get_by_label("Sukunimi").fill("Henkilö")
    page.get_by_label("Syntymävuosi").fill("2005")
    page.get_by_label("Sähköposti").fill("client@polku.test")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("button[name=existing]").first.click()
    page.wait_for_load_state()
    assert "/clients/new" not in page.url
    page.goto(f"{live_server}/clients/new")
    assert page.get_by_label("Etunimi").input_value() == "Testi"
    assert page.get_by_label("Sähköposti").input_value() == "client@polku.test"


def _add(page, base, confirm: bool = False) -> str:
    """Add Merja Kaksonen on the intake form (confirming someone else when asked); her page."""
    page.goto(f"{base}/clients/new")
    page.get_by_label("Etunimi").fill("Merja")
    page.get_by_label("Sukunimi").fill("Kaksonen")
    page.get_by_label("Syntymävuosi").fill("2005")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()
    if confirm:
        page.locator("#confirm_new").check()
        page.get_by_role("button", name="Tallenna").click()
        page.wait_for_load_state()
    return page.url


def test_two_records_compared_and_merged(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    kept = _add(page, live_server)
    other = _add(page, live_server, confirm=True)
    assert kept != other and "/clients/new" not in other
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{kept}/duplicates")
    assert _no_sideways_scrolling(page)
    assert_accessible(page)
    page.locator("a", has_text="Vertaa ja yhdistä").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/merge/" + other.rsplit("/", 1)[1])
    assert _no_sideways_scrolling(page)
    assert_accessible(page)
    page.get_by_role("button", name="Yhdistä tiedot").click()
    page.wait_for_load_state()
    assert page.url == kept
    page.goto(other)
    assert page.url == kept  # the merged address leads to the record kept
