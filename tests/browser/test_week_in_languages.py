"""The young person's week on a 375 px phone in plain Finnish, in Arabic (right to left) and in
Ukrainian: switch the language, listen to the tasks, tick a step of the checklist with a photo,
fill a self-assessment with the picture scale and confirm a review; axe finds nothing on any
page and nothing scrolls sideways at 320 px.

Each language gets a portal of its own (the week uses up the demo young person's tasks), and
the steps are found by the page's structure, not by words, so that one walk serves every
language."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser.conftest import serve_demo, watched_page
from tests.browser.test_accessibility import assert_accessible, sign_in
from tests.browser.test_right_to_left import choose_language
from tests.browser.test_young_person_home import OVERFLOW, SPEECH_STUB
from tests.support.crawl import WIDE

WEEKS = {"fi@selko": ("fi", "ltr"), "ar": ("ar", "rtl"), "uk": ("uk", "ltr")}


@pytest.fixture(scope="module", params=sorted(WEEKS))
def locale(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def live_server(locale, tmp_path_factory, live_server_config):
    """A portal of its own for each language's week."""
    with serve_demo(tmp_path_factory, live_server_config) as base:
        yield base


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _phone(chromium, lang: str, width: int = 375):
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="fi-FI")
    context.set_default_timeout(10_000)
    context.add_init_script(SPEECH_STUB.replace('lang: "fi-FI"', f'lang: "{lang}"'))
    page = watched_page(context)
    return context, page


def _home(page, live_server):
    page.goto(f"{live_server}/")
    page.wait_for_load_state()
    return page.locator("#tasks")


def _choose_language(page, live_server, locale: str) -> None:
    page.goto(f"{live_server}/")
    choose_language(page, locale)
    page.wait_for_load_state()


def test_the_young_person_s_week_in_their_language(chromium, live_server, locale):
    lang, direction = WEEKS[locale]
    context, page = _phone(chromium, lang)
    sign_in(page, live_server, "client@polku.test")
    _choose_language(page, live_server, locale)
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert (html.get_attribute("dir") or "ltr") == direction
    tasks = _home(page, live_server)
    assert_accessible(page)
    visited = ["/"]

    # Listen: the tasks are read aloud in the page's language.
    tasks.locator("button[data-listen]").first.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == lang and spoken[0]["text"].strip()

    # Tick a step of the checklist with a photo taken on the phone.
    page.goto(f"{live_server}/my/more/onboarding")
    visited.append("/my/more/onboarding")
    assert_accessible(page)
    tick = page.locator('form[action*="/steps/"]:not([action$="/photos"])').first
    tick.locator('input[type="file"]').set_input_files(
        {"name": "step.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    tick.locator("button[type=submit]").click()
    page.wait_for_load_state()
    thumb = page.locator("img.thumb").first
    assert thumb.is_visible()
    assert page.evaluate("img => img.naturalWidth", thumb.element_handle()) > 0
    assert_accessible(page)

    # Fill a self-assessment with the picture scale.
    tasks = _home(page, live_server)
    tasks.locator('a[href*="/p/assessments/"]').first.click()
    page.wait_for_load_state()
    visited.append(page.url.removeprefix(live_server))
    assert page.locator(".picture-scale svg use").count() >= 5
    assert_accessible(page)
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator(".picture-scale label").nth(2).click()
    page.locator('button[name="action"][value="submit"]').click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 0

    # Confirm the review that waits.
    tasks = _home(page, live_server)
    tasks.locator('a[href*="/my/reviews/"]').first.click()
    page.wait_for_load_state()
    visited.append(page.url.removeprefix(live_server))
    assert_accessible(page)
    page.locator('form[action$="/confirm"] button[type=submit]').click()
    page.wait_for_load_state()
    assert _home(page, live_server).locator('a[href*="/my/reviews/"]').count() == 0
    context.close()

    # Nothing scrolls sideways on a 320 px phone.
    context, page = _phone(chromium, lang, width=320)
    sign_in(page, live_server, "client@polku.test")
    for path in [*visited, "/my/job-search", "/my/reviews", "/my/data/"]:
        page.goto(f"{live_server}{path}")
        assert page.locator("html").get_attribute("lang") == lang, path
        assert page.evaluate(OVERFLOW) <= 0, (path, page.evaluate(WIDE))
    context.close()
