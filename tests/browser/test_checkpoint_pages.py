"""The Check Point pages, the intensified plan's visits and the young person's plan are
accessible (axe, WCAG 2.1 AA) in a real browser, on the demo data."""

from tests.browser.test_accessibility import assert_accessible, sign_in


def test_coach_check_point_and_visit_pages_are_accessible(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/worklist")
    assert "Työpaikkakäynti" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Siirry avoimeen Check Pointiin").first.click()
    page.wait_for_load_state()
    assert "Tehostetun valmennuksen suunnitelma" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Sulje tällä päätöksellä").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").first.is_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/worklist")
    page.get_by_role("link", name="kirjaa käynti").first.click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_closed_check_point_with_plan_is_accessible(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/worklist")
    href = page.locator("a[href*='/visits/']").first.get_attribute("href")
    client_id = href.split("/")[2]
    page.goto(f"{live_server}/clients/{client_id}")
    page.locator("#checkpoints a[href*='/checkpoints/']:not([href$='/new'])").first.click()
    page.wait_for_load_state()
    assert "Käynnit" in page.content()
    assert_accessible(page)


def test_the_young_persons_plan_is_accessible(page, live_server):
    sign_in(page, live_server, "client@polku.test")
    page.locator("a[href*='/my/checkpoints/']").first.click()
    page.wait_for_load_state()
    assert "Täsmällisyys" in page.content() or "Ohjeiden noudattaminen" in page.content()
    assert_accessible(page)
