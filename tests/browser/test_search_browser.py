"""The header search and the members picker in a real browser, keyboard only and without
JavaScript needed: results grouped by kind, accessible; members added by ticking a result."""

from tests.browser.test_accessibility import assert_accessible, sign_in


def test_header_search_by_keyboard_lists_results_by_kind(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    box = page.locator("#site-search-q")
    box.focus()
    page.keyboard.type("a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/")
    assert page.locator("main h2").count() >= 1
    assert_accessible(page)


def test_members_found_by_search_and_ticked(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/groups/1/members")
    page.locator("main #q").fill("a")
    page.locator("main form.search button").click()
    page.wait_for_selector("input[name=add_ids]")
    assert_accessible(page)
    members = page.locator("input[name=client_ids]")
    assert members.count() == members.locator(":scope:checked").count()
