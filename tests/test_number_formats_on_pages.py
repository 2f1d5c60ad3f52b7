"""The report pages in Finnish and Swedish: decimal commas, "33,3 %" and named months, never
"33.3 %" or "2026-03"; recognition points likewise."""

from __future__ import annotations

import re

import pytest

from portal.app.extensions import db
from portal.models import User
from portal.reports import suppression
from tests.test_reports import PERIOD, add_cohort

#: A percentage or a decimal written the English way, and a month as the reports key it.
DOT_DECIMAL = re.compile(r"\d\.\d+\s?%|\d\.\d+</t[dh]>")
RAW_MONTH = re.compile(r"(?<![\d-])20\d\d-\d\d(?![\d-])")
QUERY = f"start={PERIOD['start']}&end={PERIOD['end']}"


def _text(html: str) -> str:
    """What a reader sees: the page without its tags' attributes (links keep ISO dates)."""
    return re.sub(r"<(\w+)[^>]*>", r"<\1>", html)


def _as(app, world, as_role, lang: str):
    with app.app_context():
        db.session.get(User, world.admin.id).locale = lang
        db.session.commit()
    return as_role("admin")


@pytest.fixture
def thirds(app, world, monkeypatch):
    """Six clients who have left, two of them employed: a rate of 33.3 % in the group table
    (small cells shown, so that every figure is on the page)."""
    monkeypatch.setattr(suppression, "MIN_CELL", 1)
    left = [("employed_same_field", "")] * 2 + [("other", "")] * 4
    add_cohort(app, world, n=6, immigrants=1, outcomes=left)


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("url", ["/reports/", "/reports/funder", "/reports/esf"])
def test_report_pages_use_the_readers_number_and_month_formats(
    app, world, as_role, thirds, lang, url
):
    admin = _as(app, world, as_role, lang)
    page = admin.get(f"{url}?{QUERY}")
    assert page.status_code == 200
    text = _text(page.get_data(as_text=True))
    assert not DOT_DECIMAL.findall(text), DOT_DECIMAL.findall(text)
    assert not RAW_MONTH.findall(text), RAW_MONTH.findall(text)


@pytest.mark.parametrize(("lang", "month"), [("fi", "kuu 20"), ("sv", " 20")])
def test_the_dashboard_shows_a_rate_with_a_comma_and_months_by_name(
    app, world, as_role, thirds, lang, month
):
    text = _text(_as(app, world, as_role, lang).get(f"/reports/?{QUERY}").get_data(as_text=True))
    assert "33,3" in text and "33.3" not in text
    assert month in text


def test_english_keeps_its_own_format(app, world, as_role, thirds):
    text = _text(_as(app, world, as_role, "en").get(f"/reports/?{QUERY}").get_data(as_text=True))
    assert "33.3" in text and "33,3" not in text


@pytest.mark.parametrize(("lang", "shown"), [("fi", "1,5"), ("sv", "1,5"), ("en", "1.5")])
def test_recognition_points_follow_the_language(app, lang, shown):
    from plugins.recognition.views.blueprint import num

    with app.test_request_context(headers={"Accept-Language": lang}):
        assert num(1.5) == shown and num(5.0) == "5" and num(None) == "–"
