"""The fail-safe plugin boundary, case by case: a plugin that writes half and fails, returns the
wrong type, implements a wrapper, implements a hook of a switched-off plugin; and hook tracing."""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.api import Client, Company, Placement, User, Widget, db, fire, hookimpl
from portal.hooks.manager import PortalPluginManager, collect, plugin_manager
from portal.hooks.registration import PluginRefused, add_plugin_hookspecs
from tests.conftest import Browser, World
from tests.fixture_plugins import (
    greeter,
    greetings,
    half_write,
    sample,
    self_committing,
    writer,
    wrong_types,
)


def _world(app) -> World:
    with app.app_context():
        return World()


def _company_names(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Company.name)))


def _client_created(app, world: World) -> None:
    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        fire("portal_client_created", client=client, actor=db.session.get(User, world.coach.id))


def _signed_in(app, email: str) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(email).status_code == 302
    return browser


# A lifecycle implementation that fails has only its own writes rolled back.

#: pluggy calls the plugin registered last first: the writer runs after the failing plugin.
WRITER_LAST = {"writer": writer, "half_write": half_write}


@pytest.mark.parametrize("commits_itself", [False, True])
def test_a_half_write_is_rolled_back_and_the_next_plugin_still_writes(
    make_app, monkeypatch, caplog, commits_itself
):
    monkeypatch.setattr(writer, "COMMITS_ITSELF", commits_itself)
    app = make_app(PORTAL_EXTRA_PLUGINS=WRITER_LAST)
    world = _world(app)
    with caplog.at_level(logging.ERROR):
        _client_created(app, world)
    names = _company_names(app)
    assert "Written Oy" in names
    assert "Half written Oy" not in names
    assert "Plugin half_write failed in portal_client_created" in caplog.text


def test_a_write_that_breaks_a_constraint_is_rolled_back_alone(make_app, caplog):
    app = make_app(PORTAL_EXTRA_PLUGINS=WRITER_LAST)
    world = _world(app)
    with caplog.at_level(logging.ERROR), app.test_request_context():
        placement = db.session.get(Placement, world.placement.id)
        fire("portal_placement_started", placement=placement, actor=None)
    names = _company_names(app)
    assert "Written at start Oy" in names and "Duplicate Oy" not in names
    assert "Plugin half_write failed in portal_placement_started" in caplog.text


def test_a_plugin_that_commits_by_itself_and_fails_keeps_only_what_it_committed(make_app):
    app = make_app(PORTAL_EXTRA_PLUGINS={"writer": writer, "self_committing": self_committing})
    world = _world(app)
    _client_created(app, world)
    names = _company_names(app)
    assert {"Committed early Oy", "Written Oy"} <= names
    assert "Written after commit Oy" not in names


def test_the_core_commits_what_a_lifecycle_implementation_writes(make_app):
    app = make_app(PORTAL_EXTRA_PLUGINS={"writer": writer})
    world = _world(app)
    _client_created(app, world)
    assert "Written Oy" in _company_names(app)


# Each item a list hook returns is checked against the hook's declared type.


@pytest.fixture
def wrong_types_app(make_app):
    app = make_app(PORTAL_EXTRA_PLUGINS={"sample": sample, "wrong_types": wrong_types})
    return app, _world(app)


def _fill_in(rule: str, world: World) -> str:
    """A URL for ``rule``: the world's ids for the arguments it knows, unknown ids otherwise."""
    known = {
        "client_id": world.client.id,
        "placement_id": world.placement.id,
        "group_id": world.group.id,
        "company_id": world.company.id,
        "user_id": world.coach.id,
        "fmt": "csv",
    }
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(known.get(m.group(1), 999999)), rule)


def test_items_of_the_wrong_type_are_logged_and_dropped(wrong_types_app, caplog):
    app, world = wrong_types_app
    with caplog.at_level(logging.ERROR), app.test_request_context():
        items = collect("portal_nav_items", user=db.session.get(User, world.coach.id))
    labels = [item.label for item in items]
    assert wrong_types.GOOD_NAV in labels and "Sample tools" in labels
    assert not {"Dict nav item", "Numeric endpoint item", "Set roles item"} & set(labels)
    wrong = [r.getMessage() for r in caplog.records if "wrong item" in r.getMessage()]
    assert len(wrong) == 3
    assert all(m.startswith("Plugin wrong_types returned a wrong item from") for m in wrong)
    assert "dict instead of NavItem" in caplog.text
    assert "endpoint: Input should be a valid string" in caplog.text
    assert "roles: Input should be a valid frozenset" in caplog.text


def test_every_signed_in_page_and_the_error_page_render_with_the_valid_items(wrong_types_app):
    app, world = wrong_types_app
    rules = [
        r.rule
        for r in app.url_map.iter_rules()
        if "GET" in r.methods
        and r.endpoint != "static"
        and r.rule != "/login"
        # 503 on purpose: the test database is built without migrations (tests/test_ops.py).
        and r.endpoint != "ops.readyz"
    ]
    for role in ("admin", "coach", "employer", "client_user"):
        browser = _signed_in(app, getattr(world, role).email)
        with_nav = 0
        for url in [*(_fill_in(rule, world) for rule in rules), "/no/such/page"]:
            response = browser.get(url)
            assert response.status_code < 500, (role, url)
            html = response.get_data(as_text=True)
            if '<nav aria-label="' in html:
                with_nav += 1
                assert wrong_types.GOOD_NAV in html, (role, url)
                assert "Dict nav item" not in html and "Numeric endpoint item" not in html
        assert with_nav >= 5, role
    error_page = browser.get("/no/such/page")
    assert error_page.status_code == 404 and wrong_types.GOOD_NAV in error_page.text


def test_a_panel_or_widget_of_the_wrong_type_is_left_out(wrong_types_app, caplog):
    app, world = wrong_types_app
    coach = _signed_in(app, world.coach.email)
    with caplog.at_level(logging.ERROR):
        client_page = coach.get(f"/clients/{world.client.id}").text
        home = coach.get("/").text
        worklist = coach.get("/worklist")
    assert "Good fixture panel" in client_page and "Panel with a text context" not in client_page
    assert "Widget with a text order" not in home and "an HTML string" not in home
    assert worklist.status_code == 200 and "Signal with a text client id" not in worklist.text
    assert "context" in caplog.text and "order: Input should be a valid integer" in caplog.text
    assert "str instead of Widget" in caplog.text and "client_id" in caplog.text


# Hook wrappers are refused at registration.


@pytest.mark.parametrize("option", ["wrapper", "hookwrapper"])
def test_a_hook_wrapper_is_refused_and_the_other_plugins_load(make_app, caplog, option):
    def portal_nav_items(user):
        return (yield)

    def portal_dashboard_widgets(user):
        raise AssertionError("a refused plugin is never called")

    wrapping = SimpleNamespace(
        portal_nav_items=hookimpl(**{option: True})(portal_nav_items),
        portal_dashboard_widgets=hookimpl(portal_dashboard_widgets),
    )
    with caplog.at_level(logging.ERROR):
        app = make_app(PORTAL_EXTRA_PLUGINS={"wrapping": wrapping, "sample": sample})
    pm = plugin_manager(app)
    info = pm.infos["wrapping"]
    assert info.state == "failed"
    assert "plugin wrapping implements portal_nav_items as a hook wrapper" in info.error
    assert "Plugin wrapping failed to load" in caplog.text
    assert pm.get_plugin("wrapping") is None and pm.infos["sample"].state == "loaded"
    world = _world(app)
    home = _signed_in(app, world.coach.email).get("/")
    assert home.status_code == 200 and "Sample tools" in home.text


# Hooks a plugin declares: found by convention, checked, idle when their plugin is off.


def test_a_plugins_own_hook_is_declared_and_its_answers_checked(make_app, caplog):
    greeter.calls.clear()
    # The implementer comes first: the declaration must be known before it is registered.
    app = make_app(
        PORTAL_EXTRA_PLUGINS={"greeter": greeter, "greetings": greetings, "sample": sample}
    )
    world = _world(app)
    with caplog.at_level(logging.ERROR):
        home = _signed_in(app, world.coach.email).get("/").text
    assert "Widget for [&#39;Hello Kaisa Valmentaja&#39;]" in home
    assert greeter.calls == ["Kaisa Valmentaja"]
    assert "Plugin greeter returned a wrong item from portal_fixture_greetings" in caplog.text
    assert "int instead of str" in caplog.text


def test_an_implementation_is_checked_against_a_plugins_declaration(make_app, caplog):
    @hookimpl
    def portal_fixture_greetings(name, shout):
        return name.upper()

    # A good hook next to the wrong one: it must not stay registered either.
    widget = hookimpl(lambda user: Widget("refused", "Widget of a refused plugin", "x.html"))
    wrong = SimpleNamespace(
        portal_dashboard_widgets=widget, portal_fixture_greetings=portal_fixture_greetings
    )
    with caplog.at_level(logging.ERROR):
        app = make_app(PORTAL_EXTRA_PLUGINS={"wrong": wrong, "greetings": greetings})
    infos = plugin_manager(app).infos
    assert infos["wrong"].state == "failed" and "shout" in infos["wrong"].error
    assert infos["greetings"].state == "loaded"
    world = _world(app)
    with app.test_request_context():  # none of the refused plugin's hooks stays registered
        items = collect("portal_dashboard_widgets", user=db.session.get(User, world.coach.id))
    assert "Widget of a refused plugin" not in [item.title for item in items]


def test_the_hooks_of_a_switched_off_plugin_are_not_called(make_app, caplog):
    greeter.calls.clear()
    unmarked = SimpleNamespace(portal_fixture_greetings=hookimpl(lambda name: "hi"))
    plugins = {"greetings": greetings, "greeter": greeter, "unmarked": unmarked}
    with caplog.at_level(logging.WARNING):
        app = make_app(PORTAL_EXTRA_PLUGINS=plugins, PORTAL_PLUGINS=["greeter", "unmarked"])
    infos = plugin_manager(app).infos
    assert infos["greetings"].state == "disabled"
    assert infos["greeter"].state == "loaded" and infos["unmarked"].state == "loaded"
    with app.test_request_context():
        assert collect("portal_fixture_greetings", name="Aino") == []
    assert greeter.calls == []
    warnings = [
        r.getMessage() for r in caplog.records if "no loaded plugin declares" in r.getMessage()
    ]
    assert warnings == [
        "Plugin unmarked implements portal_fixture_greetings, which no loaded plugin declares: "
        "it is not called"
    ]


def test_a_hook_is_declared_only_once():
    pm = PortalPluginManager()
    add_plugin_hookspecs(pm, "greetings", greetings)
    with pytest.raises(PluginRefused, match="portal_fixture_greetings"):
        add_plugin_hookspecs(pm, "again", greetings)
    assert add_plugin_hookspecs(pm, "module plugin", sample) is None  # no hookspecs: nothing


# Hook-call tracing, switched on by an environment variable.


def test_tracing_logs_each_hook_call_when_the_environment_asks(make_app, monkeypatch, caplog):
    monkeypatch.setenv("PORTAL_TRACE_HOOKS", "1")
    app = make_app(PORTAL_EXTRA_PLUGINS={"sample": sample})
    world = _world(app)
    coach = _signed_in(app, world.coach.email)
    with caplog.at_level(logging.INFO, logger="portal.hooks.trace"):
        coach.get("/")
    traces = [r.getMessage() for r in caplog.records if r.name == "portal.hooks.trace"]
    nav = [t for t in traces if t.startswith("sample.portal_nav_items(user) ")]
    assert len(nav) == 1
    assert re.fullmatch(
        r"sample\.portal_nav_items\(user\) \d+\.\d ms -> list\[NavItem\] of 1", nav[0]
    )
    assert any(t.startswith("sample.portal_dashboard_widgets(user) ") for t in traces)
    assert not any(world.coach.name in t for t in traces)  # names of arguments, never values


def test_a_failing_call_is_traced_too(make_app, monkeypatch, caplog):
    monkeypatch.setenv("PORTAL_TRACE_HOOKS", "1")
    app = make_app(PORTAL_EXTRA_PLUGINS={"half_write": half_write})
    world = _world(app)
    with caplog.at_level(logging.INFO, logger="portal.hooks.trace"):
        _client_created(app, world)
    assert re.search(
        r"half_write\.portal_client_created\(client, actor\) [\d.]+ ms -> raised", caplog.text
    )


def test_tracing_is_off_by_default(make_app, monkeypatch, caplog):
    monkeypatch.delenv("PORTAL_TRACE_HOOKS", raising=False)
    app = make_app(PORTAL_EXTRA_PLUGINS={"sample": sample})
    assert plugin_manager(app).trace is False
    world = _world(app)
    with caplog.at_level(logging.INFO, logger="portal.hooks.trace"):
        _signed_in(app, world.coach.email).get("/")
    assert not [r for r in caplog.records if r.name == "portal.hooks.trace"]
