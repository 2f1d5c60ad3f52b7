"""Every page each role reaches, crawled in a real browser: none scrolls sideways at 320 px
(WCAG 1.4.10) and none has an HTML error by the Nu Html Checker (vnu, from the vnu-jar npm
package: `npm ci`; skipped where Java or the checker is absent, except in CI)."""

from __future__ import annotations

import os

import pytest

from tests.browser.test_accessibility import sign_in
from tests.support.crawl import crawl, vnu_available, vnu_errors

ROLES = ["admin", "coach", "employer", "client", "teacher", "manager"]
#: Pages of an address shape crawled already, in other states: units of a recognition plan
#: being worked on, decided and waiting for the teacher show different forms.
ALSO = {
    "coach": tuple(f"/p/recognition/clients/1/units/{n}" for n in (1, 2, 3, 4)),
    "teacher": ("/p/recognition/clients/1/units/3",),
}
#: Forms sent empty, for the pages' error states: (role, page).
ERROR_STATES = [
    ("coach", "/clients/new"),
    ("coach", "/groups/new"),
    ("coach", "/clients/1/placements/new"),
    ("coach", "/clients/1/checkpoints/new"),
    ("admin", "/admin/users/new"),
    ("admin", "/admin/companies/new"),
    ("admin", "/projects/new"),
    ("coach", "/imports/clients"),
    ("admin", "/imports/companies"),
]


@pytest.fixture(scope="module")
def crawled(chromium, live_server):
    """Each role's pages at 320 px, crawled once for the module."""
    visits = {}
    for role in ROLES:
        context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
        page = context.new_page()
        sign_in(page, live_server, f"{role}@polku.test")
        visits[role] = crawl(page, live_server, ALSO.get(role, ()))
        context.close()
    return visits


@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_a_phone(crawled, role):
    visits = crawled[role]
    assert len(visits) > 5, [v.path for v in visits]
    wide = [(v.path, v.overflow, v.widest) for v in visits if v.overflow > 0]
    assert wide == [], wide


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers(crawled, role):
    failed = [(v.path, v.status) for v in crawled[role] if v.status >= 500]
    assert failed == []


def _need_vnu():
    if not vnu_available():
        if os.environ.get("CI") == "true":
            pytest.fail("the Nu Html Checker is missing: run `npm ci` (Java 17 is needed)")
        pytest.skip("the Nu Html Checker is absent (npm ci; Java 17)")


def test_no_html_errors_on_any_crawled_page(crawled, tmp_path):
    _need_vnu()
    pages = {f"{role} {v.path}": v.html for role in ROLES for v in crawled[role]}
    errors = vnu_errors(pages, tmp_path)
    report = [f"{page}: {msgs[:5]}" for page, msgs in sorted(errors.items())]
    assert errors == {}, f"{sum(map(len, errors.values()))} errors\n" + "\n".join(report)


def test_no_html_errors_in_error_states(chromium, live_server, tmp_path):
    _need_vnu()
    pages = {}
    for role, path in ERROR_STATES:
        context = chromium.new_context(locale="fi-FI")
        page = context.new_page()
        sign_in(page, live_server, f"{role}@polku.test")
        page.goto(f"{live_server}{path}")
        page.locator("main form[method=post] [type=submit]").first.click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 1, path
        pages[f"{role} {path}"] = page.content()
        context.close()
    errors = vnu_errors(pages, tmp_path)
    assert errors == {}, errors
