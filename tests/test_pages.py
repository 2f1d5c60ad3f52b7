import pytest
from flask import abort

from portal.access.permissions import public


def test_health_check_reports_the_database(browser):
    response = browser.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_security_headers(browser, as_role):
    response = browser.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    signed_in = as_role("coach").get("/")
    assert signed_in.headers["Cache-Control"] == "no-store"
    assert "Cookie" in signed_in.headers["Vary"]


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500])
def test_error_pages_are_friendly(make_app, code):
    app = make_app()

    @app.route(f"/boom/{code}")
    @public
    def boom():
        if code == 500:
            raise RuntimeError("secret internals")
        abort(code)

    response = app.test_client().get(f"/boom/{code}")
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert '<html lang="fi">' in html and "<h1>" in html
    assert "Traceback" not in html and "secret internals" not in html and "werkzeug" not in html


def test_unknown_page_and_wrong_method(browser):
    assert "Sivua ei löytynyt" in browser.get("/no/such/page").get_data(as_text=True)
    assert browser.client.delete("/login").status_code == 405


def test_garbage_input_never_answers_500(as_role, world):
    coach = as_role("coach")
    for url in [
        "/clients/?page=-5",
        "/clients/?page=99999999999999999999",
        "/clients/?q=%00'--",
        "/clients/?state=<script>",
        f"/clients/{world.client.id}/edit?x=%ff",
        "/groups/?page=x",
    ]:
        assert coach.get(url).status_code < 500, url
    garbage = {
        "first_name": "x" * 5000,
        "last_name": "'; DROP TABLE clients; --",
        "birth_year": "1e9",
        "highest_education": "nope",
        "goal": "nope",
        "coach_id": "abc",
    }
    assert coach.post("/clients/new", garbage).status_code == 200
    assert coach.post("/clients/new", {**garbage, "last_name": "a\x00b"}).status_code == 400


def test_accessibility_statement_is_public(browser):
    html = browser.get("/accessibility").get_data(as_text=True)
    assert "Saavutettavuusseloste" in html and 'name="message"' in html
    finnish = browser.get("/saavutettavuusseloste").get_data(as_text=True)
    assert "Saavutettavuusseloste" in finnish and 'action="/accessibility"' in finnish
