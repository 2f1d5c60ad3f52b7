"""Rows of the security checklist (section 7) that no other suite covers whole: CSRF on every
mutating route (21), no state change on GET (22), headers on every page and error page (23, 24),
and stored payloads escaped on output (27)."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.app.config import ProductionConfig
from portal.app.extensions import db
from portal.models import Client
from tests.test_fuzz_forms import _pages, _url
from tests.test_post_matrix import DENIED, post_rules, row_counts

#: The session store and the audit trail (a refused page logs a denied attempt) are not state.
NOT_STATE = {"server_sessions", "audit_events", DENIED}


@pytest.mark.parametrize("role", ["coach", "admin", "employer"])
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_every_post_without_a_valid_csrf_token_is_400_and_writes_nothing(
    app, world, as_role, role, token
):
    browser = as_role(role)
    with app.app_context():
        before = row_counts()
    refused = []
    for rule in post_rules(app):
        url = _url(app, rule, world)
        data = {} if token is None else {"csrf_token": token}
        status = browser.client.post(url, data=data).status_code
        if status != 400:
            refused.append(f"{rule.endpoint}: {status}")
    with app.app_context():
        after = row_counts()
    assert refused == []
    assert {t: after[t] for t in after if t not in NOT_STATE} == {
        t: before[t] for t in before if t not in NOT_STATE
    }


@pytest.mark.parametrize("role", ["coach", "admin", "employer", "client_user"])
def test_no_get_changes_state(app, world, as_role, role):
    browser = as_role(role)
    with app.app_context():
        before = row_counts()
    for page in _pages(app, world):
        assert browser.get(page).status_code < 500, page
    with app.app_context():
        after = row_counts()
    changed = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert {t: n for t, n in changed.items() if t not in NOT_STATE} == {}


def test_security_headers_on_every_page_and_error_page(app, world, as_role):
    browser = as_role("coach")
    for page in [*_pages(app, world), "/no/such/page"]:
        headers = browser.get(page).headers
        csp = headers["Content-Security-Policy"]
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp, page
        assert "frame-ancestors 'none'" in csp, page
        assert headers["X-Content-Type-Options"] == "nosniff", page
        assert headers["Referrer-Policy"] in ("same-origin", "no-referrer"), page
        if not page.startswith("/static/"):
            assert headers["Cache-Control"] == "no-store", page


def test_production_sends_hsts_on_error_pages_too():
    app = create_app(
        {
            "CONFIG_CLASS": ProductionConfig,
            "SECRET_KEY": "x7Gq2v9LmP0aR4sT8wY1zB5cD3eF6hJ9kN2",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PUBLIC_URL": "https://polku.example.fi",
        }
    )
    client = app.test_client()
    for path in ("/login", "/no/such/page"):
        hsts = client.get(path, base_url="https://polku.example.fi").headers[
            "Strict-Transport-Security"
        ]
        max_age = int(hsts.split("max-age=")[1].split(";")[0])
        assert max_age >= 31536000 and "includeSubDomains" in hsts


PAYLOADS = ('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)")


def test_stored_payloads_are_escaped_on_every_page(app, world, as_role):
    with app.app_context():
        client = db.session.get(Client, world.client.id)
        client.first_name, client.last_name, client.municipality = PAYLOADS
        db.session.commit()
    for role in ("coach", "employer", "admin"):
        browser = as_role(role)
        for page in _pages(app, world):
            response = browser.get(page)
            if response.mimetype != "text/html":
                continue  # downloads (JSON, CSV) are attachments, not rendered
            html = response.get_data(as_text=True)
            assert "<script>alert" not in html and "<img src=x" not in html, (role, page)
            assert 'href="javascript:' not in html, (role, page)
