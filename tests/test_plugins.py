"""The plugin system: discovery, hooks, failure isolation, migrations and the CLI."""

import logging
from types import SimpleNamespace

import pytest
from sqlalchemy import inspect

from portal.app.extensions import db
from portal.hooks.manager import plugin_manager
from tests.conftest import csrf_token
from tests.fixture_plugins import bad_template, broken, sample


@pytest.fixture
def plugin_app(make_app):
    def build(**plugins):
        return make_app(PORTAL_EXTRA_PLUGINS=plugins)

    return build


@pytest.fixture
def sample_world(plugin_app):
    from tests.conftest import World

    app = plugin_app(sample=sample, broken=broken, bad_template=bad_template)
    with app.app_context():
        return World()


def test_hook_portal_blueprints(sample_world, as_role):
    world = sample_world
    coach = as_role("coach", world)
    page = coach.get("/p/sample/")
    assert page.status_code == 200 and "Sample plugin page" in page.get_data(as_text=True)
    assert as_role("employer", world).get("/p/sample/").status_code == 403


def test_blueprint_must_carry_the_plugin_name(make_app, caplog):
    from flask import Blueprint

    wrong = SimpleNamespace(portal_blueprints=lambda app: Blueprint("other", __name__))
    from portal.api import hookimpl

    hookimpl(wrong.portal_blueprints)
    app = make_app(PORTAL_EXTRA_PLUGINS={"misnamed": wrong})
    assert "other" not in app.blueprints
    assert plugin_manager(app).infos["misnamed"].state == "failed"


def test_hook_portal_nav_items(sample_world, as_role):
    world = sample_world
    coach_home = as_role("coach", world).get("/").get_data(as_text=True)
    assert 'href="/p/sample/"' in coach_home and "Sample tools" in coach_home
    employer_home = as_role("employer", world).get("/").get_data(as_text=True)
    assert "Sample tools" not in employer_home


def test_hook_portal_dashboard_widgets(sample_world, caplog, as_role):
    world = sample_world
    with caplog.at_level(logging.ERROR):
        response = as_role("coach", world).get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Widget for Kaisa Valmentaja" in html
    assert "Missing template" not in html
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "Plugin broken failed in portal_dashboard_widgets" in messages
    assert "Plugin broken failed in portal_nav_items" in messages
    assert "Slot item missing failed to render" in messages


def test_hook_portal_client_panels(sample_world, caplog, as_role):
    world = sample_world
    coach = as_role("coach", world)
    with caplog.at_level(logging.ERROR):
        page = coach.get(f"/clients/{world.client.id}")
    assert page.status_code == 200
    assert "Panel about Aino for a coach" in page.get_data(as_text=True)
    assert "Plugin broken failed in portal_client_panels" in caplog.text
    employer_page = as_role("employer", world).get(f"/trainees/{world.client.id}")
    assert "Panel about Aino for a employer" in employer_page.get_data(as_text=True)


def test_hook_portal_client_created(sample_world, as_role):
    world = sample_world
    sample.events.clear()
    coach = as_role("coach", world)
    response = coach.post(
        "/clients/new",
        {
            "first_name": "Uusi",
            "last_name": "Asiakas",
            "birth_year": "2005",
            "highest_education": "basic",
            "goal": "unclear",
            "coach_id": str(world.coach.id),
        },
    )
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert sample.events == [("client_created", new_id)]  # broken's failure did not stop it


def test_hook_portal_user_created(sample_world, as_role):
    world = sample_world
    sample.events.clear()
    admin = as_role("admin", world)
    response = admin.post(
        "/admin/users/new",
        {
            "name": "Uusi",
            "email": "uusi@example.fi",
            "role": "coach",
            "company_id": "0",
            "locale": "",
        },
    )
    assert response.status_code == 302
    assert [e[0] for e in sample.events] == ["user_created"]


def test_hook_portal_cli_commands(plugin_app):
    app = plugin_app(sample=sample)
    result = app.test_cli_runner().invoke(args=["sample-hello"])
    assert result.output.strip() == "hello from sample"


def test_hook_portal_migration_dirs(empty_db_app):
    from flask_migrate import downgrade, upgrade

    app = empty_db_app(PORTAL_EXTRA_PLUGINS={"sample": sample})
    with app.app_context():
        upgrade(revision="heads")
        assert "sample_notes" in inspect(db.engine).get_table_names()
        downgrade(revision="sample@base")
        tables = inspect(db.engine).get_table_names()
        assert "sample_notes" not in tables and "clients" in tables


def test_plugin_that_fails_to_import_is_reported_and_others_load(make_app, monkeypatch, caplog):
    from portal.hooks import manager as pm_module

    def failing():
        raise ImportError("no module named polku_missing")

    monkeypatch.setattr(
        pm_module,
        "_installed",
        lambda: [("missing", failing, "1.0"), ("sample", lambda: sample, "0.1")],
    )
    with caplog.at_level(logging.ERROR):
        app = make_app()
    infos = plugin_manager(app).infos
    assert infos["missing"].state == "failed" and "polku_missing" in infos["missing"].error
    assert infos["sample"].state == "loaded"
    assert "Plugin missing failed to load" in caplog.text
    result = app.test_cli_runner().invoke(args=["plugins"])
    assert "missing" in result.output and "failed" in result.output
    assert "sample" in result.output and "loaded" in result.output


def test_portal_plugins_setting_limits_what_loads(make_app, monkeypatch):
    from portal.hooks import manager as pm_module

    monkeypatch.setattr(pm_module, "_installed", lambda: [("sample", lambda: sample, "0.1")])
    app = make_app(PORTAL_PLUGINS=[])
    assert plugin_manager(app).infos["sample"].state == "disabled"
    assert "sample" not in app.blueprints
    assert plugin_manager(app).list_name_plugin() == []
    app = make_app(PORTAL_PLUGINS=["sample"])
    assert "sample" in app.blueprints


def test_portal_plugins_environment_variable(monkeypatch):
    from portal.app.config import _plugins_from_env

    monkeypatch.setenv("PORTAL_PLUGINS", "")
    assert _plugins_from_env() == []
    monkeypatch.setenv("PORTAL_PLUGINS", "onboarding, recognition")
    assert _plugins_from_env() == ["onboarding", "recognition"]
    monkeypatch.delenv("PORTAL_PLUGINS")
    assert _plugins_from_env() is None


def test_disabled_plugin_migrations_stay_known(make_app, monkeypatch):
    from portal.hooks import manager as pm_module
    from portal.hooks.conventions import migration_dirs

    monkeypatch.setattr(pm_module, "_installed", lambda: [("sample", lambda: sample, "0.1")])
    app = make_app(PORTAL_PLUGINS=[])
    assert migration_dirs(app) == [sample.portal_migration_dirs()]


def test_core_pages_work_with_a_failing_plugin(sample_world, as_role):
    world = sample_world
    coach = as_role("coach", world)
    for url in ["/", "/clients/", f"/clients/{world.client.id}", "/groups/"]:
        assert coach.get(url).status_code == 200, url
    token = csrf_token(coach.get("/clients/new").get_data(as_text=True))
    assert token
