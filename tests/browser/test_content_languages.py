"""The trainee's onboarding checklist in their own language on a 320 px phone: Arabic right to
left, Ukrainian, and Finnish marked as Finnish where a step is not yet written in theirs."""

import pytest

from tests.browser.test_accessibility import assert_accessible, sign_in
from tests.browser.test_phone_width import _overflow


@pytest.mark.parametrize(
    ("email", "step", "direction"),
    [
        ("nuori.ar@polku.test", "جولة السلامة ومعدات الحماية", "rtl"),
        ("nuori.uk@polku.test", "Обхід з безпеки та захисне спорядження", "ltr"),
    ],
)
def test_the_checklist_in_the_trainee_s_language_fits_a_phone(
    chromium, live_server, email, step, direction
):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    try:
        sign_in(page, live_server, email)
        page.goto(f"{live_server}/my/more/onboarding")  # the checklist, a tap from the home
        translated = page.locator("div[lang]", has_text=step).first
        assert translated.get_attribute("dir") == direction
        assert translated.is_visible()
        # A later step has no version in their language: said, and shown as Finnish.
        assert page.locator(".not-written").first.is_visible()  # in the reader's own language
        assert page.locator('div[lang="fi"][dir="ltr"]').count() > 0
        assert _overflow(page) <= 0
        assert_accessible(page)
    finally:
        context.close()
