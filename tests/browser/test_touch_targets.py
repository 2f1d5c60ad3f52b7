"""Touch targets on a 375 px phone: buttons and the primary links (menu, pager, actions) are
at least 44 by 44 CSS pixels on the pages each role uses most."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import sign_in

MIN_SIZE = 44
#: Buttons and primary links; a button styled as a link inside a sentence is text, not a target.
TARGETS = "button:not(.link), .button, input[type=submit], nav a, .pager a, .actions a"

SMALL = """([selector, min]) => {
  const shown = [...document.querySelectorAll(selector)].filter(e => e.offsetParent !== null);
  const small = shown
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width > 0 && (r.height < min - 0.5 || r.width < min - 0.5))
    .map(([e, r]) => {
      const text = (e.innerText || e.value || "").trim().slice(0, 30);
      return `${e.tagName.toLowerCase()} "${text}" ${Math.round(r.width)}x${Math.round(r.height)}`;
    });
  return [shown.length, small];
}"""

PAGES = {
    "coach@polku.test": ["/", "/worklist", "/clients/", "/groups/", "/groups/1/members"],
    "employer@polku.test": ["/"],
    "client@polku.test": ["/"],
}


@pytest.mark.parametrize("email", list(PAGES))
def test_buttons_and_primary_links_are_44_pixels_at_375(chromium, live_server, email):
    assert not _too_small(chromium, live_server, email, MIN_SIZE)


def test_the_measure_finds_a_target_smaller_than_asked(chromium, live_server):
    assert _too_small(chromium, live_server, "client@polku.test", 200)


def _too_small(chromium, live_server, email: str, min_size: int) -> dict[str, list[str]]:
    """The buttons and primary links smaller than ``min_size`` on the role's pages."""
    context = chromium.new_context(viewport={"width": 375, "height": 812}, locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, email)
    small = {}
    for path in PAGES[email]:
        page.goto(f"{live_server}{path}")
        assert page.locator("h1").count(), path
        shown, found = page.evaluate(SMALL, [TARGETS, min_size])
        assert shown, f"no button or primary link measured on {path}"
        if found:
            small[path] = found
    context.close()
    return small
