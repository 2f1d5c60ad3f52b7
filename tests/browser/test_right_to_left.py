"""Right-to-left pages: the young person's pages in Arabic and Dari/Persian, at 320 px, read
from right to left (the layout mirrors), never scroll sideways and have no axe violations.

Until the Arabic and Dari/Persian catalogs are in, the texts are the English originals in a
right-to-left page, which is what the layout has to hold either way."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import WCAG_AA, sign_in
from tests.support.crawl import crawl

RIGHT_TO_LEFT = ["ar", "fa"]


def choose_language(page, lang: str) -> None:
    """The picker in the header's menu, which a phone shows behind its button."""
    if page.locator("details.menu[open]").count() == 0:
        page.locator("details.menu > summary").click()
    page.select_option("#lang-select", lang)
    page.locator(".lang-switch button").click()
    page.wait_for_load_state()


@pytest.fixture(scope="module")
def crawled(chromium, live_server):
    """The young person's pages in each right-to-left language, crawled at 320 px."""
    visits = {}
    for lang in RIGHT_TO_LEFT:
        context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
        page = context.new_page()
        sign_in(page, live_server, "client@polku.test")
        choose_language(page, lang)
        visits[lang] = crawl(page, live_server)
        context.close()
    return visits


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_the_young_persons_pages_read_from_right_to_left(crawled, lang):
    visits = crawled[lang]
    assert len(visits) > 5, [v.path for v in visits]
    ltr = [v.path for v in visits if f'<html lang="{lang}" dir="rtl">' not in v.html]
    assert ltr == []


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_no_right_to_left_page_is_wider_than_a_phone(crawled, lang):
    wide = [(v.path, v.overflow, v.widest) for v in crawled[lang] if v.overflow > 0]
    assert wide == [], wide


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
