"""The organisation view and a project's dashboard with its came-back table in a real browser:
no axe violations, no sideways scroll at 320 px."""

from __future__ import annotations

from tests.browser.test_accessibility import assert_accessible, sign_in

PAGES = [
    "/reports/projects",
    "/reports/projects?start=2026-06-01&end=2026-01-01",
    "/reports/?project=1",
    "/reports/",
]


def test_project_reports_are_accessible(page, live_server):
    sign_in(page, live_server, "admin@polku.test")
    for path in PAGES:
        page.goto(f"{live_server}{path}")
        assert_accessible(page)


def test_project_reports_fit_320_pixels(chromium, live_server):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    sign_in(page, live_server, "admin@polku.test")
    for path in PAGES:
        page.goto(f"{live_server}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()
