"""An onboarding model's steps and fading plan in other languages: written beside the reference
text, read by the trainee in their language, and never silently in another one."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from plugins.onboarding.i18n import _
from plugins.onboarding.models import OnboardingProgress, OnboardingTranslation, OnboardingVersion
from portal.api import in_language, translation_locales
from portal.app.extensions import db
from portal.models import Consent, ConsentScope, User
from tests.conftest import count_queries, form_fields
from tests.plugins.test_onboarding import create_model, first_step_key, sign_off


def not_written(app, locale: str) -> str:
    """The notice of a step missing in the reader's language, in their interface language."""
    with app.test_request_context(), force_locale(locale):
        return str(_("This step is not yet written in your language. Here it is in Finnish."))


UKRAINIAN = {
    "title": "Обхід безпеки та захисне спорядження",
    "description": "Керівник показує маршрути.",
    "task_analysis": "Покажіть маршрут\nЗапитайте",
    "key_words": "номер полиці",
}


def url(model_id: int, key: str, locale: str) -> str:
    return f"/p/onboarding/models/{model_id}/translations/{key}/{locale}"


def translations(app) -> list[OnboardingTranslation]:
    with app.app_context():
        return db.session.scalars(select(OnboardingTranslation)).all()


def set_locale(app, user_id: int, locale: str) -> None:
    with app.app_context():
        db.session.get(User, user_id).locale = locale
        db.session.commit()


@pytest.fixture
def agreed(app, world, as_role):
    """An agreed model with a key word on its first step, followed by the world's trainee."""
    coach, employer = as_role("coach"), as_role("employer")
    model_id = create_model(coach, world.company.id)
    key = first_step_key(app, model_id, 1)
    step_url = f"/p/onboarding/models/{model_id}/steps/{key}"
    edited = coach.post(
        step_url,
        {
            "week": "0",
            "responsible": "supervisor",
            "title": "Turvallisuuskierros ja suojavarusteet",
            "description": "Ohjaaja näyttää kulkureitit.",
            "task_analysis": "Näytä reitti\nKysy takaisin",
            "key_words": "hyllynumero",
        },
    )
    assert edited.status_code == 302
    sign_off(model_id, coach, employer)
    return model_id, key


def test_in_language_never_falls_back_silently():
    assert in_language({"fi": "Hei", "uk": "Привіт"}, "uk").missing is False
    swedish = in_language({"fi": "Hei", "en": "Hi"}, "sv")
    assert (swedish.text, swedish.locale, swedish.missing) == ("Hei", "fi", True)
    arabic = in_language({"fi": "Hei", "ar": "مرحبا"}, "ar")
    assert (arabic.lang, arabic.dir) == ("ar", "rtl")
    plain = in_language({"fi": "Hei"}, "fi@selko")
    assert (plain.lang, plain.missing) == ("fi", True)
    assert in_language("Hei", "fi").missing is False


def test_the_trainee_reads_their_language_and_is_told_when_it_is_missing(
    app, world, as_role, agreed
):
    model_id, key = agreed
    coach = as_role("coach")
    assert coach.post(url(model_id, key, "uk"), UKRAINIAN).status_code == 302
    plain = {"title": "Kierros", "description": "Katso reitit.", "key_words": "hylly"}
    assert coach.post(url(model_id, key, "fi@selko"), plain).status_code == 302

    set_locale(app, world.client_user.id, "uk")
    page = as_role("client_user").get("/my/more/onboarding").get_data(as_text=True)
    assert '<div lang="uk" dir="ltr">' in page and "Обхід безпеки" in page
    assert 'hyllynumero</span> — <span lang="uk" dir="ltr">номер полиці' in page
    # The other steps have no Ukrainian version: said so, and shown in Finnish marked as such.
    assert not_written(app, "uk") in page and '<div lang="fi" dir="ltr">' in page

    set_locale(app, world.client_user.id, "fi@selko")
    page = as_role("client_user").get("/my/more/onboarding").get_data(as_text=True)
    assert "<h2>Kierros</h2>" in page and "Обхід" not in page

    set_locale(app, world.client_user.id, "ar")
    page = as_role("client_user").get("/my/more/onboarding").get_data(as_text=True)
    assert "Обхід" not in page and "Kierros" not in page and not_written(app, "ar") in page

    # The coach and the supervisor read the reference, and which languages there are.
    for viewer, page_url in [
        (coach, f"/clients/{world.client.id}"),
        (as_role("employer"), f"/trainees/{world.client.id}"),
    ]:
        html = viewer.get(page_url).get_data(as_text=True)
        assert "Turvallisuuskierros ja suojavarusteet" in html and "Обхід" not in html
        assert '<span lang="uk" dir="ltr">Українська</span>' in html
        assert '<span lang="ar" dir="rtl">العربية</span>' in html and "Puuttuu" in html
        assert not_written(app, "fi") not in html


def test_a_changed_reference_marks_the_translation_for_checking(app, world, as_role, agreed):
    model_id, key = agreed
    coach = as_role("coach")
    coach.post(url(model_id, key, "uk"), UKRAINIAN)
    model_page = f"/p/onboarding/models/{model_id}"
    assert "tarkistettava" not in coach.get(model_page).get_data(as_text=True)
    coach.post(
        f"/p/onboarding/models/{model_id}/steps/{key}",
        {"week": "0", "responsible": "supervisor", "title": "Uusi nimi", "key_words": "trukki"},
    )
    assert "tarkistettava" in coach.get(model_page).get_data(as_text=True)
    form = coach.get(url(model_id, key, "uk")).get_data(as_text=True)
    assert "tarkistettava" in form and "Uusi nimi" in form and "trukki" in form
    # Saved again from the new reference text, it no longer needs checking.
    assert coach.post(url(model_id, key, "uk"), UKRAINIAN).status_code == 302
    assert "tarkistettava" not in coach.get(model_page).get_data(as_text=True)


def test_the_model_page_links_every_language_of_every_item(app, world, as_role, agreed):
    """The words and the address of a language's link are looked up once an item; each link
    still names its own language's page and state."""
    model_id, key = agreed
    coach = as_role("coach")
    coach.post(url(model_id, key, "uk"), UKRAINIAN)
    html = coach.get(f"/p/onboarding/models/{model_id}").get_data(as_text=True)
    with app.app_context():
        locales = translation_locales()
    for item in (key, "fading"):
        for locale in locales:
            assert f'href="{url(model_id, item, locale)}"' in html, (item, locale)
    written = f'href="{url(model_id, key, "uk")}">Muokkaa käännöstä'
    assert written in html
    assert f'href="{url(model_id, key, "ar")}">Lisää käännös' in html


def test_who_may_write_a_translation(app, world, as_role, agreed):
    model_id, key = agreed
    assert as_role("employer").post(url(model_id, key, "ar"), UKRAINIAN).status_code == 302
    other, trainee = as_role("other_employer"), as_role("client_user")
    for locale in ("ar", "so"):
        assert other.get(url(model_id, key, locale)).status_code == 404
        assert other.post(url(model_id, key, locale), UKRAINIAN).status_code == 404
        assert trainee.post(url(model_id, key, locale), UKRAINIAN).status_code in (403, 404)
    coach = as_role("coach")
    for bad in (url(model_id, "s999", "ar"), url(model_id, key, "xx"), url(model_id, key, "fi")):
        assert coach.get(bad).status_code == 404, bad
    assert coach.get(url(model_id + 1000, key, "ar")).status_code == 404
    assert [t.locale for t in translations(app)] == ["ar"]


def test_a_stale_edit_is_refused_and_a_double_submit_stores_one_row(app, world, as_role, agreed):
    model_id, key = agreed
    coach, employer = as_role("coach"), as_role("employer")
    page = url(model_id, key, "uk")
    first = form_fields(coach, page)
    assert coach.post(page, {**first, **UKRAINIAN}).status_code == 302
    assert coach.post(page, {**first, **UKRAINIAN}).status_code in (200, 302)  # a replay
    assert len(translations(app)) == 1

    opened_by_coach, opened_by_employer = form_fields(coach, page), form_fields(employer, page)
    assert coach.post(page, {**opened_by_coach, **UKRAINIAN, "title": "Перший"}).status_code == 302
    clash = employer.post(page, {**opened_by_employer, **UKRAINIAN, "title": "Другий"})
    assert clash.status_code == 409
    [row] = translations(app)
    assert row.title == "Перший" and row.version == 2


def test_text_is_escaped_and_bad_input_changes_nothing(app, world, as_role, agreed):
    model_id, key = agreed
    coach = as_role("coach")
    script = "<script>alert(1)</script>"
    coach.post(url(model_id, key, "uk"), {**UKRAINIAN, "title": script, "key_words": script})
    set_locale(app, world.client_user.id, "uk")
    for html in (
        as_role("client_user").get("/my/more/onboarding").get_data(as_text=True),
        coach.get(url(model_id, key, "uk")).get_data(as_text=True),
    ):
        assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert coach.post(url(model_id, key, "ru"), {"title": ""}).status_code == 400
    too_long = coach.post(url(model_id, key, "ru"), {"title": "x" * 201})
    assert too_long.status_code == 400
    fading = coach.post(url(model_id, "fading", "ru"), {"description": "ei viikkoa"})
    assert fading.status_code == 400 and "viikon numerolla" in fading.get_data(as_text=True)
    assert [t.locale for t in translations(app)] == ["uk"]
    ok = coach.post(url(model_id, "fading", "ru"), {"description": "1: Тренер приходить"})
    assert ok.status_code == 302
    assert "Русский" in coach.get(f"/p/onboarding/models/{model_id}").get_data(as_text=True)


def test_the_checklist_runs_the_same_statements_whatever_the_steps_and_languages(
    app, world, as_role, agreed
):
    model_id, _key = agreed
    set_locale(app, world.client_user.id, "uk")
    trainee = as_role("client_user")
    trainee.get("/my/more/onboarding")
    with count_queries(app) as few:
        trainee.get("/my/more/onboarding")
    with app.app_context():
        progress = db.session.scalar(select(OnboardingProgress))
        version = db.session.get(OnboardingVersion, progress.version_id)
        steps = [
            {**version.content["steps"][0], "key": f"s{n}", "title": f"Vaihe {n}"}
            for n in range(100, 140)
        ]
        version.content = {**version.content, "steps": version.content["steps"] + steps}
        for step in steps:
            for locale in ("uk", "ar", "fi@selko", "sv", "ru"):
                db.session.add(
                    OnboardingTranslation(
                        model_id=model_id,
                        item_key=step["key"],
                        locale=locale,
                        title=f"{locale} {step['key']}",
                        source_digest="x",
                    )
                )
        db.session.commit()
        assert db.session.scalar(select(func.count(OnboardingTranslation.id))) == 200
    with count_queries(app) as many:
        html = trainee.get("/my/more/onboarding").get_data(as_text=True)
    assert "uk s139" in html
    assert len(many) == len(few), many
    coach = as_role("coach")
    coach.get(f"/clients/{world.client.id}")
    with count_queries(app) as staff:
        coach.get(f"/clients/{world.client.id}")
    with count_queries(app) as model_page:
        coach.get(f"/p/onboarding/models/{model_id}")
    with app.app_context():
        db.session.query(OnboardingTranslation).delete()
        db.session.commit()
    with count_queries(app) as staff_none:
        coach.get(f"/clients/{world.client.id}")
    with count_queries(app) as model_page_none:
        coach.get(f"/p/onboarding/models/{model_id}")
    assert len(staff) == len(staff_none) and len(model_page) == len(model_page_none)


def test_the_supervisor_gets_the_key_words_in_the_trainee_s_language_under_the_consent(
    app, world, as_role, agreed
):
    model_id, key = agreed
    assert as_role("coach").post(url(model_id, key, "uk"), UKRAINIAN).status_code == 302
    set_locale(app, world.client_user.id, "uk")
    employer = as_role("employer")
    page = employer.get(f"/trainees/{world.client.id}").get_data(as_text=True)
    assert "номер полиці" not in page  # no consent: no guide, no key words
    with app.app_context():
        db.session.add(Consent(client_id=world.client.id, scope=ConsentScope.LANGUAGE_SUPPORT))
        db.session.commit()
    page = employer.get(f"/trainees/{world.client.id}").get_data(as_text=True)
    guide = page[page.index('id="language-guide"') :]
    assert "Turvallisuuskierros ja suojavarusteet" in guide
    assert 'hyllynumero</span> — <span lang="uk" dir="ltr">номер полиці' in guide
    assert as_role("other_employer").get(f"/trainees/{world.client.id}").status_code == 404
