"""The young person downloads their data: the readable page and the JSON file (GDPR Art. 15, 20)."""

import json
from pathlib import Path

from tests.browser.test_accessibility import assert_accessible, sign_in
from tests.browser.test_phone_width import _narrow, _overflow


def test_young_person_downloads_their_data(page, live_server):
    sign_in(page, live_server, "client@polku.test")
    page.get_by_role("link", name="Katso ja lataa kaikki minusta tallennettu tieto").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server}/my/copy"
    assert page.get_by_role("heading", level=1).inner_text() == "Kaikki sinusta tallennettu tieto"
    assert page.get_by_role("heading", name="Perustiedot").count() == 1
    assert page.get_by_role("heading", name="Kuka tietojasi on käsitellyt ja miksi").count() == 1
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa tiedot (JSON-tiedosto)").click()
    path = download.value.path()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert data["format"] == "polku-subject-access/1"
    tables = {section["table"]: section for section in data["tables"]}
    assert tables["clients"]["rows"][0]["email"] == data["account"]["email"]
    assert any(r["action"] == "subject_export" for r in tables["audit_events"]["rows"])
    assert download.value.suggested_filename.endswith(".json")


def test_the_data_page_fits_320_pixels(chromium, live_server):
    context, page = _narrow(chromium, live_server, "client@polku.test")
    page.goto(f"{live_server}/my/copy")
    assert page.locator("h1").count() == 1
    assert _overflow(page) <= 0
    context.close()


def test_admin_privacy_page_and_its_error_summary_are_accessible(page, live_server):
    sign_in(page, live_server, "admin@polku.test")
    for client_id in range(40, 0, -1):  # the demo's newest clients have not started yet
        page.goto(f"{live_server}/admin/clients/{client_id}/privacy")
        if page.locator("textarea[name=reason]").count():
            break
    else:
        raise AssertionError("no client that may be erased in the demo data")
    assert_accessible(page)
    page.get_by_role("button", name="Poista tiedot").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
