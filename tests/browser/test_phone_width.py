"""The pages of the coaching rules fit a 320 px phone: no sideways scrolling (WCAG 1.4.10)."""

import re

from tests.browser.test_accessibility import sign_in
from tests.support.crawl import WIDE


def _overflow(page) -> int:
    """How far the page scrolls sideways; the widest elements are named when it does."""
    width = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    overflow = page.evaluate(width)
    assert overflow <= 0, (page.url, page.evaluate(WIDE))
    return overflow


def _narrow(chromium, live_server, email):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, email)
    return context, page


def _links(page, selector: str, pattern: str) -> list[str]:
    hrefs = page.locator(selector).evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if h and re.fullmatch(pattern, h)))


def test_coach_pages_of_the_rules_fit_320_pixels(chromium, live_server):
    context, page = _narrow(chromium, live_server, "coach@polku.test")
    page.goto(f"{live_server}/worklist")
    paths = ["/worklist"]
    paths += _links(page, "a[href*='/checkpoints/']", r"/clients/\d+/checkpoints/\d+")[:1]
    paths += _links(page, "a[href*='/reviews/']", r"/clients/\d+/reviews/\d+")[:1]
    paths += _links(page, "a[href*='/visits/']", r"/clients/\d+/visits/\d+(/\w+)?")[:1]
    client = re.search(r"/clients/(\d+)/", paths[1])[1]
    paths += [f"/clients/{client}", f"/clients/{client}/timeline", f"/clients/{client}/reviews"]
    assert len(paths) == 7, paths
    for path in paths:
        page.goto(f"{live_server}{path}")
        assert page.locator("h1").count(), path
        assert _overflow(page) <= 0, path
    context.close()


def test_young_persons_and_supervisors_pages_fit_320_pixels(chromium, live_server):
    context, page = _narrow(chromium, live_server, "client@polku.test")
    paths = ["/"]
    paths += _links(page, "a[href^='/my/reviews/']", r"/my/reviews/\d+")[:1]
    paths += _links(page, "a[href^='/my/checkpoints/']", r"/my/checkpoints/\d+")[:1]
    assert len(paths) == 3, paths
    for path in paths:
        page.goto(f"{live_server}{path}")
        assert _overflow(page) <= 0, path
    context.close()
    context, page = _narrow(chromium, live_server, "employer@polku.test")
    page.goto(f"{live_server}/trainees/")
    for trainee in _links(page, "a[href^='/trainees/']", r"/trainees/\d+"):
        page.goto(f"{live_server}{trainee}")
        assert _overflow(page) <= 0, trainee
        for review in _links(page, "a[href*='/reviews/']", r"/trainees/\d+/reviews/\d+"):
            page.goto(f"{live_server}{review}")
            assert _overflow(page) <= 0, review
    context.close()
