"""The young person's pages in every language at 320 px: none scrolls sideways and axe finds
nothing on any of them; in Arabic and Dari/Persian they read from right to left (the layout
mirrors)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import WCAG_AA, sign_in
from tests.support.crawl import crawl

RIGHT_TO_LEFT = ["ar", "fa"]
#: Every locale but Finnish, which the other browser tests walk.
LOCALES = ["sv", "en", "fi@selko", "ru", "et", "ar", "so", "uk", "fa"]


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [v["id"] for v in results.response["violations"]]


def choose_language(page, lang: str) -> None:
    """The picker in the header's menu, which a phone shows behind its button."""
    if page.locator("details.menu[open]").count() == 0:
        page.locator("details.menu > summary").click()
    page.select_option("#lang-select", lang)
    page.locator(".lang-switch button").click()
    page.wait_for_load_state()


@pytest.fixture(scope="module")
def crawled(chromium, live_server):
    """The young person's pages in each language, crawled at 320 px with axe on every page."""
    visits = {}
    for lang in LOCALES:
        context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
        page = context.new_page()
        sign_in(page, live_server, "client@polku.test")
        choose_language(page, lang)
        visits[lang] = crawl(page, live_server, audit=axe_violations)
        context.close()
    return visits


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_the_young_persons_pages_read_from_right_to_left(crawled, lang):
    visits = crawled[lang]
    assert len(visits) > 5, [v.path for v in visits]
    ltr = [v.path for v in visits if f'<html lang="{lang}" dir="rtl">' not in v.html]
    assert ltr == []


@pytest.mark.parametrize("lang", LOCALES)
def test_no_page_in_any_language_is_wider_than_a_phone(crawled, lang):
    wide = [(v.path, v.overflow, v.widest) for v in crawled[lang] if v.overflow > 0]
    assert wide == [], wide


@pytest.mark.parametrize("lang", LOCALES)
def test_no_page_in_any_language_has_an_axe_violation(crawled, lang):
    assert len(crawled[lang]) > 5
    found = [(v.path, v.problems) for v in crawled[lang] if v.problems]
    assert found == [], found


def test_the_layout_mirrors_and_stays_accessible(chromium, live_server):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    sign_in(page, live_server, "client@polku.test")
    choose_language(page, "fi")  # the crawl above left the young person in Dari/Persian
    brand_ltr = page.locator(".brand").bounding_box()
    choose_language(page, "ar")
    brand_rtl = page.locator(".brand").bounding_box()
    # The brand starts the header's line: at the left in Finnish, at the right in Arabic.
    assert brand_ltr["x"] < 160 < brand_rtl["x"] + brand_rtl["width"]
    assert brand_rtl["x"] > brand_ltr["x"]
    for path in ("/", "/account/password", "/accessibility"):
        page.goto(f"{live_server}{path}")
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, (path, results.generate_report())
    context.close()
