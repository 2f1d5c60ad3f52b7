from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import Browser

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIRS = [
    ROOT / "portal" / "translations",
    *sorted((ROOT / "plugins").glob("*/translations")),
]


def test_finnish_is_the_default(browser):
    html = browser.get("/login").get_data(as_text=True)
    assert '<html lang="fi">' in html and "Kirjaudu sisään" in html


@pytest.mark.parametrize(
    "header, lang, text",
    [
        ("sv-FI,sv;q=0.9", "sv", "Logga in"),
        ("en-GB,en;q=0.8", "en", "Sign in"),
        ("de-DE", "fi", "Kirjaudu sisään"),
    ],
)
def test_browser_language_is_used(app, header, lang, text):
    html = (
        app.test_client().get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    )
    assert f'<html lang="{lang}">' in html and text in html


def test_language_switch_persists_for_the_user(app, world):
    browser = Browser(app.test_client())
    response = browser.post("/language", {"lang": "sv", "next": "/login"}, form_url="/login")
    assert response.headers["Location"] == "/login"
    assert "Logga in" in browser.get("/login").get_data(as_text=True)
    browser.login(world.coach.email)
    assert '<html lang="sv">' in browser.get("/").get_data(as_text=True)
    browser.post("/language", {"lang": "en", "next": "//evil.example"}, form_url="/")
    other = Browser(app.test_client())
    other.login(world.coach.email)
    assert '<html lang="en">' in other.get("/").get_data(as_text=True)


def test_unknown_language_changes_nothing(app, browser):
    response = browser.post("/language", {"lang": "xx", "next": "/login"}, form_url="/login")
    assert response.status_code == 302
    assert '<html lang="fi">' in browser.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("directory", CATALOG_DIRS, ids=lambda d: d.parent.name)
def test_catalogs_are_complete(lang, directory):
    with open(directory / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=lang)
    with open(directory / "messages.pot", "rb") as handle:
        template = read_po(handle)
    missing = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert missing == []
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id} <= {
        m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id
    }


def test_form_errors_come_in_the_users_language(app, world):
    browser = Browser(app.test_client())
    browser.post("/language", {"lang": "sv", "next": "/login"}, form_url="/login")
    html = browser.post("/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert "Detta fält är obligatoriskt" in html or "Det här fältet" in html
