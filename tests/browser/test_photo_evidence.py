"""On a 375 px phone the young person ticks an onboarding step with a photo: the photo is
shown with the step, the page stays accessible and fits the screen."""

from tests.browser.test_accessibility import assert_accessible, sign_in
from tests.browser.test_phone_width import _overflow
from tests.test_attachments import jpeg_with_gps


def test_the_young_person_ticks_a_step_with_a_photo_on_a_phone(chromium, live_server):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, locale="fi-FI")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text),
    )
    sign_in(page, live_server, "client@polku.test")
    page.goto(f"{live_server}/my/more/onboarding")  # the checklist, a tap from the home
    form = page.locator("form:has(button:has-text('Tein tämän'))").first
    photo = form.locator("input[type=file]")
    assert photo.get_attribute("capture") == "environment"
    assert photo.get_attribute("accept") == "image/*,application/pdf"
    photo.set_input_files(
        files=[{"name": "kuva.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    form.get_by_role("button", name="Tein tämän").click()
    page.wait_for_load_state()
    assert "Vaihe merkittiin tehdyksi" in page.content()
    thumb = page.locator("img.thumb").first
    thumb.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", thumb.element_handle())
    assert_accessible(page)
    assert _overflow(page) <= 0
    page.set_viewport_size({"width": 320, "height": 640})
    assert _overflow(page) <= 0
    context.close()
