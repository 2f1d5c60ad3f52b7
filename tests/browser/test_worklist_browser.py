"""The worklist's done-or-snooze form and the supervisor's queue in a real browser, without
JavaScript help, checked with axe (demo data)."""

from datetime import timedelta

from portal.app import clock
from tests.browser.test_accessibility import assert_accessible, sign_in


def test_coach_snoozes_an_item_on_accessible_pages(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/worklist")
    assert_accessible(page)
    before = page.locator(".item-mark").count()
    page.locator(".item-mark").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()  # nothing chosen, no reason
    page.wait_for_load_state()
    assert page.locator(".error-summary").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Siirrä: tuo se takaisin valitsemanani päivänä").check()
    page.get_by_label("Palaa listalle").fill((clock.today() + timedelta(days=7)).isoformat())
    page.get_by_label("Syy").fill("Nuori on lomalla viikon.")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()
    assert page.url.endswith("/worklist")
    assert page.locator(".item-mark").count() == before - 1 or before > 25
    page.goto(f"{live_server}/worklist?show=snoozed")
    assert page.locator(".items .status-snoozed").count() == 1
    assert_accessible(page)


def test_the_supervisor_reaches_a_waiting_item_in_one_tap(page, live_server):
    sign_in(page, live_server, "employer@polku.test")
    queue = page.locator("section.queue")
    assert queue.is_visible()
    assert_accessible(page)
    links = queue.locator("li a")
    assert links.count() >= 1
    links.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert_accessible(page)
