"""The young person's week from their home on a 375 px phone: the tasks are listed, a step is
ticked from the home, a self-assessment is filled with the picture scale, a review confirmed, an
application told about, and a text listened to; axe finds nothing and nothing scrolls sideways
at 320 px."""

import re

import pytest

from tests.browser.conftest import watched_page
from tests.browser.test_accessibility import assert_accessible, sign_in

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
#: A stand-in for the browser's speech synthesis: one Finnish voice; what is spoken is kept.
SPEECH_STUB = """
window.__spoken = [];
class FakeUtterance { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } }
window.SpeechSynthesisUtterance = FakeUtterance;
const fakeSynth = {
  getVoices: () => [{ lang: "fi-FI", name: "Suomi" }],
  speak: (u) => { window.__spoken.push({ text: u.text, lang: u.lang }); },
  cancel: () => {},
  addEventListener: () => {},
};
Object.defineProperty(window, "speechSynthesis", { get: () => fakeSynth, configurable: true });
"""


def _phone(chromium, *, width=375, speech=True):
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="fi-FI")
    context.set_default_timeout(10_000)
    if speech:
        context.add_init_script(SPEECH_STUB)
    page = watched_page(context)
    return context, page


def _fits(chromium, live_server, paths) -> None:
    context, page = _phone(chromium, width=320)
    sign_in(page, live_server, "client@polku.test")
    for path in paths:
        page.goto(f"{live_server}{path}")
        assert page.evaluate(OVERFLOW) <= 0, path
    context.close()


def _home(page, live_server):
    page.goto(f"{live_server}/")
    page.wait_for_load_state()
    return page.locator("#tasks")


def test_the_young_person_s_week_from_the_home(chromium, live_server):
    context, page = _phone(chromium)
    sign_in(page, live_server, "client@polku.test")
    tasks = _home(page, live_server)
    text = tasks.inner_text()
    assert "Täytä oma arviosi" in text
    assert "Miten hakemuksesi paikkaan Logistiikka Nieminen Oy meni?" in text
    assert_accessible(page)
    visited = ["/"]

    # Listen: the button appears and reads its block aloud in the page's language.
    listen = page.locator("#tasks button[data-listen]")
    assert listen.is_visible()
    listen.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == "fi" and "Tee nyt" in spoken[0]["text"]
    assert "Lopeta" in listen.inner_text()
    listen.click()
    assert "Kuuntele" in listen.inner_text()

    # Tick today's step from the home.
    steps = tasks.get_by_role("button", name=re.compile("Tein tämän"))
    before = steps.count()
    assert before >= 1
    steps.first.click()
    page.wait_for_load_state()
    assert "Vaihe merkittiin tehdyksi." in page.content()
    assert _home(page, live_server).get_by_role("button", name="Tein tämän").count() == before - 1

    # Fill the self-assessment with the picture scale.
    tasks = _home(page, live_server)
    to_fill = tasks.get_by_role("link", name=re.compile("Täytä oma arviosi"))
    before = to_fill.count()
    to_fill.first.click()
    page.wait_for_load_state()
    assert page.locator(".picture-scale svg use").count() >= 5
    assert_accessible(page)
    visited.append(page.url.removeprefix(live_server))
    box = page.locator(".picture-scale label").first.bounding_box()
    assert box["height"] >= 44
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator(".picture-scale label").nth(2).click()
    page.get_by_role("button", name="Lähetä").click()
    page.wait_for_load_state()
    after = _home(page, live_server).get_by_role("link", name=re.compile("Täytä oma arviosi"))
    assert after.count() == before - 1

    # Tell how the application went.
    tasks = _home(page, live_server)
    tasks.get_by_role("link", name=re.compile("Logistiikka Nieminen Oy")).click()
    page.wait_for_load_state()
    visited.append("/my/job-search")
    assert_accessible(page)
    entry = page.locator("li.card", has_text="Logistiikka Nieminen Oy")
    entry.get_by_label("Kutsuttu haastatteluun").check()
    entry.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()
    assert "Tallennettu." in page.content()
    assert "Logistiikka Nieminen Oy" not in _home(page, live_server).inner_text()

    # Confirm the review that waits, from the home's task.
    tasks = _home(page, live_server)
    tasks.get_by_role("link", name=re.compile("Lue ja vahvista arviointikeskustelu")).click()
    page.wait_for_load_state()
    visited.append(page.url.removeprefix(live_server))
    assert page.locator("button[data-listen]:visible").count() >= 1
    assert_accessible(page)
    page.get_by_role("button", name="Vahvistan muistion").click()
    page.wait_for_load_state()
    assert "Kiitos. Vahvistit muistion." in page.content()
    assert "Lue ja vahvista" not in _home(page, live_server).inner_text()
    page.goto(f"{live_server}/my/reviews")
    visited.append("/my/reviews")
    assert_accessible(page)

    # The checklist, one step at a time.
    page.goto(f"{live_server}/my/more/onboarding")
    visited.append("/my/more/onboarding")
    assert_accessible(page)
    assert page.locator("table").count() == 0
    context.close()
    _fits(chromium, live_server, visited)


NO_SPEECH = "delete window.speechSynthesis; window.speechSynthesis = undefined;"
NO_FINNISH_VOICE = SPEECH_STUB.replace(
    'lang: "fi-FI", name: "Suomi"', 'lang: "en-GB", name: "English"'
)


@pytest.mark.parametrize("script", [NO_SPEECH, NO_FINNISH_VOICE], ids=["no-speech", "no-voice"])
def test_no_listen_button_without_a_voice_for_the_page(chromium, live_server, script):
    context = chromium.new_context(viewport={"width": 375, "height": 800}, locale="fi-FI")
    context.add_init_script(script)
    page = context.new_page()
    sign_in(page, live_server, "client@polku.test")
    page.goto(f"{live_server}/")
    assert page.locator("button[data-listen]").count() >= 1
    assert page.locator("button[data-listen]:visible").count() == 0
    context.close()
