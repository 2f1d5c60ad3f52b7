"""The review pages of each party in a real browser, checked with axe (demo data: a review
held and waiting for the young person, one scheduled in three days)."""

import re

from tests.browser.test_accessibility import assert_accessible, sign_in


def test_coach_holds_a_review_and_makes_a_link_on_accessible_pages(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/worklist")
    scheduled = page.locator(".worklist li.item-review a[href*='/reviews/']")
    href = scheduled.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    review = next(h for h in href if re.fullmatch(r"/clients/\d+/reviews/\d+", h))
    page.goto(f"{live_server}{review}")
    assert_accessible(page)  # the agenda and the form to record the review
    page.get_by_label("Mitä käsiteltiin ja sovittiin").fill("Työ sujuu, sovittiin jatkosta.")
    page.get_by_role("button", name="Tallenna muistio").click()
    page.wait_for_load_state()
    assert "Työ sujuu, sovittiin jatkosta." in page.content()
    page.get_by_role("button", name="Luo vahvistuslinkki").click()
    page.wait_for_load_state()
    assert_accessible(page)
    path = re.search(r"/reviews/confirm/[\w-]+", page.content())[0]
    client_id = re.search(r"/clients/(\d+)/", review)[1]
    page.goto(f"{live_server}/clients/{client_id}/reviews")
    assert_accessible(page)
    page.context.clear_cookies()  # the supervisor has no account
    supervisor = page
    supervisor.goto(f"{live_server}{path}")
    assert "Työ sujuu, sovittiin jatkosta." in supervisor.content()
    assert_accessible(supervisor)
    supervisor.get_by_label("Nimesi").fill("Veikko Varasto")
    supervisor.get_by_role("button", name="Vahvistan muistion").click()
    supervisor.wait_for_load_state()
    assert_accessible(supervisor)


def test_young_person_confirms_on_an_accessible_page(page, live_server):
    sign_in(page, live_server, "client@polku.test")
    review = page.locator("a[href^='/my/reviews/']").first.get_attribute("href")
    page.goto(f"{live_server}{review}")
    assert_accessible(page)
    page.get_by_role("button", name="Vahvistan muistion").click()
    page.wait_for_load_state()
    assert "Kiitos. Vahvistit muistion." in page.content()
    assert_accessible(page)


def test_supervisor_reads_the_review_on_an_accessible_page(page, live_server):
    sign_in(page, live_server, "employer@polku.test")
    page.goto(f"{live_server}/trainees/")
    trainees = page.locator("a[href^='/trainees/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    for trainee in dict.fromkeys(t for t in trainees if re.fullmatch(r"/trainees/\d+", t)):
        page.goto(f"{live_server}{trainee}")
        if page.locator("a[href*='/reviews/']").count():
            break
    review = page.locator("a[href*='/reviews/']").first.get_attribute("href")
    page.goto(f"{live_server}{review}")
    assert "Jakson arviointikeskustelu" in page.content()
    assert "Mitä käsiteltiin ja sovittiin" in page.content()  # a held record
    assert_accessible(page)
