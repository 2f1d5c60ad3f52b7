"""The young person's languages: the picker, right-to-left pages, plain Finnish formatting,
the coach's setting of the young person's language, and the draft-translation notice."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from flask_babel import force_locale, format_date, format_decimal
from sqlalchemy import func, select

from portal.app import i18n
from portal.app.catalog_review import po_review_status, write_mo_keeping_review
from portal.app.extensions import db
from portal.models import AuditEvent, User
from scripts.translation_status import status_of
from tests.conftest import Browser
from tests.support.browser import form_fields

OPTION = re.compile(r'<option value="([^"]+)" lang="([^"]+)"( dir="rtl")?')
#: The draft notice, in Finnish (the test world reads Finnish).
DRAFT_NOTICE = "Tätä käännöstä ei ole vielä tarkistanut"


def _options(html: str) -> list[tuple[str, str, bool]]:
    picker = html[html.index('id="lang-select"') : html.index("</select>")]
    return [(value, lang, bool(rtl)) for value, lang, rtl in OPTION.findall(picker)]


def _locale_of(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).locale


def test_visitors_and_young_people_are_offered_every_language_in_its_own(app, as_role):
    html = Browser(app.test_client()).get("/login").get_data(as_text=True)
    options = _options(html)
    assert [value for value, _, _ in options] == list(app.config["LANGUAGES"])
    assert ("fi@selko", "fi", False) in options and ("ar", "ar", True) in options
    assert ("fa", "fa", True) in options and ("uk", "uk", False) in options
    assert "Selkosuomi" in html and "العربية" in html and "دری / فارسی" in html
    young = as_role("client_user").get("/").get_data(as_text=True)
    assert len(_options(young)) == 10


@pytest.mark.parametrize("role", ["coach", "employer", "admin"])
def test_staff_choose_among_their_three(as_role, world, app, role):
    staff = as_role(role)
    assert [v for v, _, _ in _options(staff.get("/").get_data(as_text=True))] == ["fi", "sv", "en"]
    staff.post("/language", {"lang": "ar", "next": "/"}, form_url="/")
    assert _locale_of(app, getattr(world, role).id) is None
    assert '<html lang="fi">' in staff.get("/").get_data(as_text=True)


def test_a_young_persons_choice_is_saved_and_the_page_turns_right_to_left(as_role, world, app):
    young = as_role("client_user")
    response = young.post("/language", {"lang": "ar", "next": "/"}, form_url="/")
    assert response.status_code == 302
    assert _locale_of(app, world.client_user.id) == "ar"
    html = young.get("/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    young.post("/language", {"lang": "fi@selko", "next": "/"}, form_url="/")
    html = young.get("/").get_data(as_text=True)
    assert '<html lang="fi">' in html and '<option value="fi@selko" lang="fi" selected>' in html
    assert _locale_of(app, world.client_user.id) == "fi@selko"


def test_a_language_chosen_before_sign_in_does_not_follow_staff_in(app, world):
    browser = Browser(app.test_client())
    browser.post("/language", {"lang": "so", "next": "/login"}, form_url="/login")
    assert '<html lang="so">' in browser.get("/login").get_data(as_text=True)
    browser.login(world.coach.email)
    assert '<html lang="fi">' in browser.get("/").get_data(as_text=True)


@pytest.mark.parametrize("value", ["xx", "fi@", "fi@selko@selko", "<script>", "a" * 5000, ""])
def test_a_language_not_offered_changes_nothing(as_role, world, app, value):
    young = as_role("client_user")
    response = young.post("/language", {"lang": value, "next": "/"}, form_url="/")
    assert response.status_code == 302
    assert _locale_of(app, world.client_user.id) is None


def test_plain_finnish_formats_dates_and_numbers_as_finnish(app):
    with app.test_request_context(), force_locale("fi@selko"):
        assert format_date(date(2026, 12, 5), "short") == "5.12.2026"
        assert format_decimal(1234.5) == "1\xa0234,5"
    with app.test_request_context(), force_locale("ar"):
        assert format_date(date(2026, 12, 5), "long").startswith("5 ")


def test_html_lang_and_direction():
    assert i18n.html_lang("fi@selko") == "fi" and i18n.text_direction("fi@selko") == "ltr"
    assert [i18n.text_direction(code) for code in ("ar", "fa", "uk")] == ["rtl", "rtl", "ltr"]


def _client_page(browser: Browser, world) -> str:
    return browser.get(f"/clients/{world.client.id}").get_data(as_text=True)


def test_the_coach_sees_and_sets_the_young_persons_language(as_role, world, app):
    coach = as_role("coach")
    page = f"/clients/{world.client.id}"
    url = f"{page}/language"
    assert "kieltä ei ole valittu" in _client_page(coach, world)
    response = coach.post(url, {"locale": "fi@selko"}, form_url=page)
    assert response.status_code == 302
    assert _locale_of(app, world.client_user.id) == "fi@selko"
    html = _client_page(coach, world)
    assert '<span lang="fi" dir="ltr">Selkosuomi</span>' in html
    with app.app_context():
        events = db.session.scalar(
            select(func.count()).where(
                AuditEvent.action == "client.language", AuditEvent.client_id == world.client.id
            )
        )
    assert events == 1
    young = Browser(app.test_client())
    young.login(world.client_user.email)
    assert '<option value="fi@selko" lang="fi" selected>' in young.get("/").get_data(as_text=True)


def test_the_coachs_setting_is_versioned_and_checked(as_role, world, app):
    coach = as_role("coach")
    page = f"/clients/{world.client.id}"
    url = f"{page}/language"
    stale = form_fields(coach, page, action=url)
    coach.post(url, {"locale": "ru"}, form_url=page)
    again = coach.post(url, {**stale, "locale": "uk"})  # rendered before the change: refused
    assert again.status_code == 409
    assert "Joku muu tallensi muutoksia" in again.get_data(as_text=True)
    assert _locale_of(app, world.client_user.id) == "ru"
    wrong = coach.post(url, {"locale": "klingon"}, form_url=page)
    assert wrong.status_code == 400 and 'aria-invalid="true"' in wrong.get_data(as_text=True)
    assert _locale_of(app, world.client_user.id) == "ru"


def test_another_coachs_client_answers_404(as_role, world):
    other = as_role("other_coach")
    page = "/"
    response = other.post(f"/clients/{world.client.id}/language", {"locale": "ar"}, form_url=page)
    assert response.status_code == 404
    employer = as_role("employer")
    response = employer.post(f"/clients/{world.client.id}/language", {"locale": "ar"}, form_url="/")
    assert response.status_code in (403, 404)


def test_the_draft_notice_shows_only_for_a_draft_catalog(as_role, monkeypatch):
    young = as_role("client_user")
    assert DRAFT_NOTICE not in young.get("/").get_data(as_text=True)
    monkeypatch.setattr(i18n, "_review_status", lambda locale: "draft")
    young.client.application.extensions.pop(i18n.REVIEW_KEY, None)
    assert DRAFT_NOTICE in young.get("/").get_data(as_text=True)


def _po(tmp_path: Path, header: str, body: str = "") -> Path:
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n' + header + "\n" + body,
        encoding="utf-8",
    )
    return po


def test_the_review_status_is_read_and_survives_compiling(tmp_path):
    import gettext

    po = _po(tmp_path, '"X-Review-Status: draft\\n"\n')
    assert po_review_status(po) == "draft"
    (tmp_path / "reviewed").mkdir()
    assert po_review_status(_po(tmp_path / "reviewed", "")) is None
    out = io.BytesIO()
    catalog = Catalog(locale="ar")
    catalog.add("Sign in", "تسجيل الدخول")
    write_mo_keeping_review(out, catalog, po)
    out.seek(0)
    assert gettext.GNUTranslations(out).info()["x-review-status"] == "draft"


def test_translation_status_counts_translated_and_draft_entries(tmp_path):
    (tmp_path / "messages.pot").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Sign in"\nmsgstr ""\n\nmsgid "Save"\nmsgstr ""\n\n'
        'msgid "Back"\nmsgstr ""\n',
        encoding="utf-8",
    )
    folder = tmp_path / "so" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: so\\n"\n"X-Review-Status: draft\\n"\n\n'
        '# draft\nmsgid "Sign in"\nmsgstr "Gal"\n\nmsgid "Save"\nmsgstr "Kaydi"\n\n'
        'msgid "Back"\nmsgstr ""\n',
        encoding="utf-8",
    )
    status = status_of(tmp_path, "portal", "so")
    assert (status.translated, status.entries, status.drafts) == (2, 3, ["Sign in"])
    assert status.review == "draft" and round(status.percent) == 67
    assert not status_of(tmp_path, "portal", "ar").exists
