"""The states of the new pages a crawl does not reach, checked by the Nu Html Checker: a token
just made (its secret shown once), the token list with a token, the form with its errors, and
the intake form that lists likely duplicates."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from portal.app import clock
from tests.support.browser import form_fields
from tests.support.crawl import vnu_available, vnu_errors


def test_the_pages_have_no_html_errors(app, world, as_role, tmp_path):
    if not vnu_available():
        if os.environ.get("CI") == "true":
            pytest.fail("the Nu Html Checker is missing: run `npm ci` (Java 17 is needed)")
        pytest.skip("the Nu Html Checker is absent (npm ci; Java 17)")
    admin = as_role("admin")
    day = (clock.today() + timedelta(days=9)).isoformat()
    token = {
        "name": "X",
        "account": world.coach.email,
        "scopes": ["clients:read"],
        "expires_on": day,
    }
    pages = {
        "made": admin.post("/admin/tokens/new", token),
        "list": admin.get("/admin/tokens/"),
        "errors": admin.post("/admin/tokens/new", {"name": "", "scopes": ["nothing"]}),
    }
    coach = as_role("coach")
    typed = {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "birth_year": "2004",
        "highest_education": "basic",
        "goal": "study",
        "entry_date": clock.today().isoformat(),
    }
    pages["duplicates"] = coach.client.post(
        "/clients/new", data={**form_fields(coach, "/clients/new"), **typed}
    )
    html = {name: page.get_data(as_text=True) for name, page in pages.items()}
    assert 'id="secret"' in html["made"] and 'id="duplicates-title"' in html["duplicates"]
    assert 'id="scopes-error"' in html["errors"]
    assert vnu_errors(html, tmp_path) == {}
