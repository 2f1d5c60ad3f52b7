"""The benchmark's page table leaves nothing out silently (part of ``make test``)."""

from tests.bench.budgets import FLOORS, NOT_MEASURED, NOT_YET, PAGES


def test_every_page_is_measured_or_listed_with_a_reason(app):
    pages = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.endpoint.endswith("static")
    }
    measured = {page.endpoint for page in PAGES}
    assert pages - measured - set(NOT_MEASURED) - NOT_YET == set()
    assert measured | set(NOT_MEASURED) | NOT_YET <= pages  # no stale names
    assert not measured & (set(NOT_MEASURED) | NOT_YET)


def test_every_page_has_a_floor_and_a_role():
    for page in PAGES:
        assert page.kind in FLOORS and page.roles, page
