"""The qualification catalog's units list sorts and pages by key like the core lists, filters
by assessment scale, and takes a search's "%" and "_" as characters."""

from __future__ import annotations

import re

import pytest

from plugins.recognition.models import RecognitionUnit
from portal.app.extensions import db
from tests.conftest import count_queries

ROW = re.compile(r'<a href="/p/recognition/units/(\d+)">')


def _next(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', html)
    return found and found.group(1).replace("&amp;", "&")


def _walk(browser, url: str) -> list[int]:
    seen: list[int] = []
    while url:
        page = browser.get(url)
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        seen += [int(i) for i in ROW.findall(html)]
        url = _next(html)
    return seen


def _units(app, n: int, start: int = 0) -> list[int]:
    """``n`` units; every five share a name, so that paging must break ties by id."""
    with app.app_context():
        units = [
            RecognitionUnit(
                code=f"tutkinnonosat_{900000 + start + i}",
                name={"fi": f"Osa {i // 5:03}"},
                name_fi=f"Osa {i // 5:03}",
                scale=str(1 + i % 3),
            )
            for i in range(n)
        ]
        db.session.add_all(units)
        db.session.commit()
        return [u.id for u in units]


@pytest.mark.parametrize("sort", ["name", "-name", "code", "-code", "scale", "-scale"])
def test_every_sort_visits_every_unit_once(app, as_role, sort):
    ids = _units(app, 60)
    seen = _walk(as_role("coach"), f"/p/recognition/?sort={sort}")
    assert sorted(seen) == sorted(ids)


def test_the_sorted_header_carries_aria_sort_and_the_filter_narrows(app, as_role):
    ids = _units(app, 30)
    coach = as_role("coach")
    html = coach.get("/p/recognition/?sort=-code").get_data(as_text=True)
    assert 'aria-sort="descending"' in html
    assert ROW.findall(html)[0] == str(ids[-1])
    pass_fail = _walk(coach, "/p/recognition/?scale=1")
    assert sorted(pass_fail) == ids[::3]
    filtered = coach.get("/p/recognition/?scale=1").get_data(as_text=True)
    assert "sort=code&amp;scale=1" in filtered or "scale=1&amp;sort=code" in filtered


@pytest.mark.parametrize("query", ["sort=password", "sort=--name", "scale=9", "after=x"])
def test_nonsense_parameters_answer_400_with_a_message(as_role, query):
    response = as_role("coach").get(f"/p/recognition/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True).lower()
    assert any(m in html for m in ("lajitella", "rajau", "sivun linkki")), html[-600:]


@pytest.mark.parametrize("text", ["%", "O_a", "Osa_00", "100%"])
def test_wildcards_typed_in_a_search_match_only_themselves(app, as_role, text):
    _units(app, 10)
    assert _walk(as_role("coach"), f"/p/recognition/?q={text.replace('%', '%25')}") == []


def test_statements_are_flat_with_the_number_of_units(app, as_role):
    coach = as_role("coach")

    def cost() -> int:
        with count_queries(app) as statements:
            assert coach.get("/p/recognition/?sort=code").status_code == 200
        return len(statements)

    _units(app, 30)
    small = cost()
    _units(app, 300, start=30)
    assert cost() == small
