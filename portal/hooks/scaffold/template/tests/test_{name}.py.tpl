"""The plugin inside the portal: its page, menu entry, client panel and assessment form."""

from __future__ import annotations

import pytest
from portal.hooks.testing import add_client, plugin_app, sign_in_as

import $name
from $name.assessment import checkin_form


@pytest.fixture
def app():
    return plugin_app({"$name": $name})


def test_coaches_get_the_page_and_the_menu_entry(app):
    coach = sign_in_as(app, "coach")
    add_client(app, coach.user_id, first_name="Aino")
    page = coach.get("/p/$name/")
    assert page.status_code == 200
    assert "Aino" in page.get_data(as_text=True)
    assert 'href="/p/$name/"' in coach.get("/").get_data(as_text=True)


def test_young_people_are_refused_the_page_and_see_no_menu_entry(app):
    client = sign_in_as(app, "client")
    assert client.get("/p/$name/").status_code == 403
    assert 'href="/p/$name/"' not in client.get("/").get_data(as_text=True)


def test_the_panel_is_on_the_coach_s_client_page(app):
    coach = sign_in_as(app, "coach")
    client_id = add_client(app, coach.user_id, first_name="Eetu")
    page = coach.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Notes about Eetu" in page


def test_the_form_has_finnish_texts_and_numbered_levels():
    form = checkin_form()
    assert form.title["fi"]
    for section in form.sections:
        assert section.title["fi"]
        for field in section.fields:
            assert field.label["fi"]
            if field.kind == "scale":
                assert [int(value) for value, _label in field.levels] == [1, 2, 3]


def test_a_coach_can_ask_for_the_form(app):
    if "assessments" not in app.blueprints:
        pytest.skip("the assessments plugin is not installed")
    coach = sign_in_as(app, "coach")
    client_id = add_client(app, coach.user_id)
    page = coach.get(f"/p/assessments/clients/{client_id}").get_data(as_text=True)
    assert 'value="${name}_checkin"' in page
