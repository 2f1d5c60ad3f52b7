"""What the core finds next to a plugin by convention, and the rules it enforces at start-up:
each plugin's own translation domain, its templates and migrations without boilerplate, its
table-name prefix, and no app-wide template globals from plugins."""

from __future__ import annotations

import ast
import importlib
import logging
import shutil
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import template_rendered
from sqlalchemy import inspect

from portal.api import NavItem, hookimpl
from portal.app.extensions import db
from portal.hooks.conventions import foreign_tables, migration_dirs, owns_table
from portal.hooks.manager import plugin_manager
from portal.hooks.templates import template_plugin
from tests.conftest import Browser, World
from tests.fixture_plugins import misnamed_table, sample

ROOT = Path(__file__).resolve().parent.parent
WORDING = ROOT / "tests" / "fixture_plugins" / "wording"
PLUGIN_TREES = (ROOT / "plugins", ROOT / "tests" / "fixture_plugins")
GETTEXT_NAMES = {
    "_",
    "gettext",
    "ngettext",
    "pgettext",
    "npgettext",
    "lazy_gettext",
    "lazy_ngettext",
    "lazy_pgettext",
    "lazy_npgettext",
}


def compiled(po_file: Path) -> bytes:
    """The .mo bytes of a .po file, as ``pybabel compile`` would write them."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale="fi")
    target = po_file.with_suffix(".mo")
    with target.open("wb") as handle:
        write_mo(handle, catalog)
    return target.read_bytes()


@pytest.fixture
def wording(tmp_path, monkeypatch):
    """Install a copy of the wording plugin package outside the repository (as pip would put
    it elsewhere), with its Finnish catalog compiled or replaced by ``mo`` bytes."""

    def install(mo: bytes | None = None) -> ModuleType:
        package = tmp_path / "wording"
        shutil.copytree(WORDING, package, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        messages = package / "translations" / "fi" / "LC_MESSAGES"
        if mo is not None:
            (messages / "messages.mo").write_bytes(mo)
        else:
            compiled(messages / "messages.po")
        monkeypatch.syspath_prepend(str(tmp_path))
        return importlib.import_module("wording")

    yield install
    for name in [n for n in sys.modules if n == "wording" or n.startswith("wording.")]:
        del sys.modules[name]


def signed_in(app, email: str) -> Browser:
    from tests.conftest import PASSWORD

    browser = Browser(app.test_client())
    assert browser.login(email, PASSWORD).status_code == 302
    return browser


def app_with_world(make_app, **config):
    app = make_app(**config)
    with app.app_context():
        world = World()
    return app, world


# Translation domains ---------------------------------------------------------------------


def test_a_plugin_never_changes_a_core_text(make_app, wording):
    # Every built-in plugin is loaded, and the assessments and wording plugins translate the
    # core's msgid "Placement" with words of their own.
    app, world = app_with_world(make_app, PORTAL_EXTRA_PLUGINS={"wording": wording()})
    assert {"assessments", "wording"} <= {
        name for name, _ in plugin_manager(app).list_name_plugin()
    }

    trainee_page = signed_in(app, world.employer.email).get(f"/trainees/{world.client.id}")
    html = trainee_page.get_data(as_text=True)
    assert '<h2 id="placement">Työssävalmennus</h2>' in html
    assert "Työpaikkajakso" not in html and "Harjoittelupaikka" not in html

    coach = signed_in(app, world.coach.email)
    assessments = coach.get(f"/p/assessments/clients/{world.client.id}").get_data(as_text=True)
    assert "Työpaikkajakso" in assessments


def test_plugin_pages_panels_and_code_use_the_plugins_own_catalog(make_app, wording):
    app, world = app_with_world(make_app, PORTAL_EXTRA_PLUGINS={"wording": wording()})
    coach = signed_in(app, world.coach.email)

    page = coach.get("/p/wording/").get_data(as_text=True)
    assert '<h1 id="placement">Harjoittelupaikka</h1>' in page
    assert '<p id="python">Vain sanastoliitännäinen sanoo näin</p>' in page
    assert '<p id="template">Vain sanastoliitännäinen sanoo näin</p>' in page
    assert '<p id="core">Asiakkaat</p>' in page  # not in the plugin's catalog: the core's word
    assert "Sanastotyökalut" in page  # the plugin's nav label, translated in Python

    client_page = coach.get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert '<p id="wording-panel">HARJOITTELUPAIKKA: Aino</p>' in client_page


def test_a_broken_plugin_catalog_is_logged_and_its_texts_stay_untranslated(
    make_app, wording, caplog
):
    app, world = app_with_world(make_app, PORTAL_EXTRA_PLUGINS={"wording": wording(b"garbage")})
    coach = signed_in(app, world.coach.email)
    with caplog.at_level(logging.ERROR):
        page = coach.get("/p/wording/")
        start = coach.get("/")
    assert page.status_code == 200 and start.status_code == 200
    html = page.get_data(as_text=True)
    assert '<p id="python">Only the wording plugin says this</p>' in html
    assert '<p id="template">Only the wording plugin says this</p>' in html
    assert "Wording tools" in start.get_data(as_text=True)
    assert "Kirjaudu ulos" in start.get_data(as_text=True)  # the core's texts still translate
    assert "Plugin wording: its fi catalog" in caplog.text and "cannot be read" in caplog.text


def gettext_imports(path: Path) -> list[str]:
    """Each import of a gettext function from ``flask_babel`` in ``path``, as ``line: name``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: {a.name}" for a in node.names if a.name == "flask_babel"]
        elif isinstance(node, ast.ImportFrom) and node.module == "flask_babel":
            found += [f"{node.lineno}: {a.name}" for a in node.names if a.name in GETTEXT_NAMES]
    return found


def test_plugins_translate_only_through_their_own_domain():
    offending = [
        f"{path.relative_to(ROOT)}:{found}"
        for tree in PLUGIN_TREES
        for path in sorted(tree.rglob("*.py"))
        for found in gettext_imports(path)
    ]
    assert offending == []


def test_the_gettext_import_check_sees_every_kind_of_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "import flask_babel\nfrom flask_babel import get_locale\n"
        "from flask_babel import lazy_gettext as _l\ndef f():\n    from flask_babel import _\n"
    )
    assert gettext_imports(module) == ["1: flask_babel", "3: lazy_gettext", "5: _"]


# Templates and migrations by convention ----------------------------------------------------


def test_a_plugin_cannot_replace_a_core_template(make_app, wording):
    plugin = wording()
    shipped = Path(plugin.__file__).parent / "templates" / "base.html"
    shipped.write_text("plugin's own layout")
    app = make_app(PORTAL_EXTRA_PLUGINS={"wording": plugin})
    with app.app_context():
        assert app.jinja_env.get_template("base.html").filename == str(
            ROOT / "templates" / "base.html"
        )
        assert app.jinja_env.get_template("wording/page.html").filename.startswith(
            str(Path(plugin.__file__).parent / "templates" / "wording")
        )
        assert template_plugin("wording/page.html") == "wording"
        assert template_plugin("clients/index.html") is None


def test_plugin_migrations_are_found_next_to_the_plugin(empty_db_app, wording):
    from flask_migrate import upgrade

    plugin = wording()
    app = empty_db_app(PORTAL_EXTRA_PLUGINS={"wording": plugin})
    folder = Path(plugin.__file__).parent / "migrations"
    assert str(folder) in migration_dirs(app)
    with app.app_context():
        upgrade(revision="heads")
        assert "wording_notes" in inspect(db.engine).get_table_names()


def test_switched_off_plugin_migrations_are_still_found(make_app, wording):
    plugin = wording()
    app = make_app(PORTAL_PLUGINS=[], PORTAL_EXTRA_PLUGINS={"wording": plugin, "sample": sample})
    infos = plugin_manager(app).infos
    assert {info.state for info in infos.values()} == {"disabled"}
    dirs = migration_dirs(app)
    assert str(Path(plugin.__file__).parent / "migrations") in dirs
    assert str(ROOT / "plugins" / "onboarding" / "migrations") in dirs
    assert sample.portal_migration_dirs() in dirs  # named by the hook: not next to the module


def test_a_folder_found_both_ways_is_listed_once(make_app, wording, monkeypatch):
    plugin = wording()
    folder = Path(plugin.__file__).parent / "migrations"
    monkeypatch.setattr(plugin, "portal_migration_dirs", hookimpl(lambda: str(folder)), False)
    app = make_app(PORTAL_EXTRA_PLUGINS={"wording": plugin})
    assert migration_dirs(app).count(str(folder)) == 1


# Table names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table, owned",
    [("assessments", True), ("assessments_links", True), ("assessmentsx", False), ("notes", False)],
)
def test_a_plugins_tables_carry_its_name(table, owned):
    assert owns_table("assessments", table) is owned


def test_the_table_check_finds_the_models_of_every_module_of_a_package():
    import plugins.onboarding

    assert foreign_tables("onboarding", plugins.onboarding) == []
    assert "onboarding_step_marks" in foreign_tables("renamed", plugins.onboarding)


def test_a_plugin_with_a_misnamed_table_is_refused_and_the_rest_run(make_app, caplog):
    with caplog.at_level(logging.ERROR):
        app, world = app_with_world(
            make_app, PORTAL_EXTRA_PLUGINS={"misnamed_table": misnamed_table, "sample": sample}
        )
    info = plugin_manager(app).infos["misnamed_table"]
    assert info.state == "failed" and "notes" in info.error
    assert "Plugin misnamed_table refused" in caplog.text and "notes" in caplog.text
    assert not plugin_manager(app).has_plugin("misnamed_table")
    assert {"assessments", "onboarding", "recognition", "sample"} <= {
        name for name, info in plugin_manager(app).infos.items() if info.state == "loaded"
    }
    listing = app.test_cli_runner().invoke(args=["plugins"]).output
    assert any(
        line.startswith("misnamed_table") and "failed" in line and "notes" in line
        for line in listing.splitlines()
    )
    start = signed_in(app, world.coach.email).get("/").get_data(as_text=True)
    assert "Misnamed notes" not in start and "Sample tools" in start
    assert "notes" not in db.metadata.tables


def test_a_plugin_named_like_a_core_template_folder_is_refused(make_app):
    impostor = SimpleNamespace(
        portal_nav_items=hookimpl(lambda user: NavItem("main.index", "Impostor", order=1))
    )
    app = make_app(PORTAL_EXTRA_PLUGINS={"clients": impostor})
    info = plugin_manager(app).infos["clients"]
    assert info.state == "failed" and "core's templates" in info.error
    with app.app_context():
        assert template_plugin("clients/index.html") is None


# Template helpers stay with their plugin ---------------------------------------------------


def test_core_pages_get_no_plugin_template_globals(make_app, caplog):
    app, world = app_with_world(make_app)
    plugins = [name for name, _ in plugin_manager(app).list_name_plugin()]
    with app.test_request_context("/"):
        provided = {
            key
            for name in plugins
            for processor in app.template_context_processors.get(name, [])
            if processor not in app.template_context_processors[None]  # Flask's own
            for key in processor()
        }
    assert {"occasion_labels", "week_label", "status_labels"} <= provided

    rendered: list[tuple[str, set[str]]] = []

    def record(sender, template, context, **extra):
        rendered.append((template.name, set(context)))

    coach, employer = signed_in(app, world.coach.email), signed_in(app, world.employer.email)
    with template_rendered.connected_to(record, app), caplog.at_level(logging.ERROR):
        for browser, url in [
            (coach, "/"),
            (coach, f"/clients/{world.client.id}"),
            (employer, "/"),
            (employer, f"/trainees/{world.client.id}"),
        ]:
            assert browser.get(url).status_code == 200, url
    with app.app_context():
        owners = {name: template_plugin(name) for name, _ in rendered}
    core = [(name, keys & provided) for name, keys in rendered if owners[name] is None]
    assert core and all(not leaked for _, leaked in core), core
    panels = {name for name, _ in rendered if owners[name]}
    assert {
        "assessments/_panel.html",
        "onboarding/_panel.html",
        "recognition/_panel.html",
    } <= panels
    assert "failed to render" not in caplog.text
