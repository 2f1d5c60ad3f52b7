"""On the Check Point page, adding an action keeps the re-assessment typed above it: the
page is one form, and every button sends all of it."""

from __future__ import annotations

from datetime import timedelta

from portal.app import clock
from tests.browser.test_accessibility import sign_in

TYPED = "Täsmällisyys 3/5: aamut sujuvat herätyssovelluksella"


def test_adding_an_action_keeps_the_typed_re_assessment(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/worklist")
    page.get_by_role("link", name="Siirry avoimeen Check Pointiin").first.click()
    page.wait_for_load_state()
    checkpoint = page.url
    page.locator("#reassessment").fill(TYPED)
    page.locator("#description").fill("Herätyssovellus puhelimeen")
    page.locator("#due_date").fill((clock.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Lisää toimenpide").click()
    page.wait_for_load_state()
    assert page.url == checkpoint and not page.locator(".error-summary").count()
    assert "Herätyssovellus puhelimeen" in page.content()
    page.goto(checkpoint)
    assert page.locator("#reassessment").input_value() == TYPED
