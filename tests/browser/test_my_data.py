"""The young person's journey through their data page in a real browser: who has read their
information, and withdrawing a consent (axe-core, and a 320 px phone without sideways scroll)."""

import re

from tests.browser.test_accessibility import assert_accessible, sign_in

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _admin_reads_the_demo_clients_page(chromium, live_server) -> str:
    context = chromium.new_context(locale="fi-FI")
    page = context.new_page()
    sign_in(page, live_server, "admin@polku.test")
    page.goto(f"{live_server}/clients/?q=client@polku.test")
    hrefs = page.locator("main a[href^='/clients/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    href = next(h for h in hrefs if re.fullmatch(r"/clients/\d+", h))
    page.goto(f"{live_server}{href}")
    assert page.locator("h1").count()
    context.close()
    return href


def _phone_fits(chromium, live_server, path: str) -> None:
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    sign_in(page, live_server, "client@polku.test")
    page.goto(f"{live_server}{path}")
    assert page.evaluate(OVERFLOW) <= 0, path
    context.close()


def test_the_young_person_sees_who_read_their_data_and_withdraws_a_consent(
    chromium, page, live_server
):
    _admin_reads_the_demo_clients_page(chromium, live_server)
    sign_in(page, live_server, "client@polku.test")
    page.get_by_role("link", name="Katso, kuka on nähnyt tietojani, ja suostumukseni").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tietoni ja suostumukseni"
    seen = page.locator("#seen").inner_text()
    assert "Pääkäyttäjä" in seen and "hankkeen hallinnointi" in seen
    assert_accessible(page)
    data_path = page.url.removeprefix(live_server)
    _phone_fits(chromium, live_server, data_path)

    page.get_by_role("link", name=re.compile("Peru tämä suostumus")).first.click()
    page.wait_for_load_state()
    assert "Mikä muuttuu" in page.content()
    assert_accessible(page)
    _phone_fits(chromium, live_server, page.url.removeprefix(live_server))

    page.get_by_role("button", name="Kyllä, peru suostumus").click()
    page.wait_for_load_state()
    assert "Peruit suostumuksen." in page.content()
    assert "Peruttu" in page.locator("#consents").inner_text()
    assert page.get_by_role("link", name=re.compile("Peru tämä suostumus")).count() == 0
    assert_accessible(page)
