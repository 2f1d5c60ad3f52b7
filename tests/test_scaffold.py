"""``flask plugins new``: the plugin it writes loads, serves its page, menu entry, client panel
and assessment form, is ruff clean, and its own test passes."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from portal.hooks.scaffold import ScaffoldError, create_plugin
from tests.conftest import Browser, World
from tests.importing import imported_from

NAME = "scaffolded"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return create_plugin(NAME, tmp_path_factory.mktemp("plugins"))


@pytest.fixture(scope="module")
def plugin(project):
    """The generated package, imported from where it was written."""
    with imported_from(project, NAME) as module:
        yield module


@pytest.fixture
def loaded(make_app, plugin):
    app = make_app(PORTAL_EXTRA_PLUGINS={NAME: plugin})
    with app.app_context():
        world = World()

    def signed_in(user) -> Browser:
        browser = Browser(app.test_client())
        assert browser.login(user.email).status_code == 302
        return browser

    return world, signed_in


def test_the_project_has_an_entry_point_catalogs_a_readme_and_a_test(project):
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["entry-points"]["portal.plugins"] == {NAME: NAME}
    for path in (
        "README.md",
        f"{NAME}/templates/{NAME}/page.html",
        f"{NAME}/templates/{NAME}/panel.html",
        f"{NAME}/translations/fi/LC_MESSAGES/messages.po",
        f"{NAME}/translations/sv/LC_MESSAGES/messages.po",
        f"tests/test_{NAME}.py",
    ):
        assert (project / path).is_file(), path
    assert not list(project.rglob("*.tpl"))


def test_coaches_get_the_page_and_the_menu_entry_young_people_do_not(loaded):
    world, signed_in = loaded
    coach = signed_in(world.coach)
    page = coach.get(f"/p/{NAME}/")
    assert page.status_code == 200
    assert "Aino Virtanen" in page.get_data(as_text=True)
    assert f'href="/p/{NAME}/"' in coach.get("/").get_data(as_text=True)
    young = signed_in(world.client_user)
    assert young.get(f"/p/{NAME}/").status_code == 403
    assert f'href="/p/{NAME}/"' not in young.get("/").get_data(as_text=True)


def test_the_client_panel_shows_to_coaches_only(loaded):
    world, signed_in = loaded
    coach_page = signed_in(world.coach).get(f"/clients/{world.client.id}")
    assert f"Notes about Aino from the {NAME.capitalize()} plugin." in coach_page.get_data(
        as_text=True
    )
    trainee_page = signed_in(world.employer).get(f"/trainees/{world.client.id}")
    assert trainee_page.status_code == 200
    assert "Notes about Aino" not in trainee_page.get_data(as_text=True)


def test_the_assessment_form_is_offered_by_the_assessments_plugin(loaded):
    world, signed_in = loaded
    page = signed_in(world.coach).get(f"/p/assessments/clients/{world.client.id}")
    assert f'value="{NAME}_checkin"' in page.get_data(as_text=True)


def test_the_generated_tests_pass(project):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout


@pytest.mark.parametrize("name", ["ab", "a_plugin_name_of_24_char"])
def test_the_generated_code_is_ruff_clean(tmp_path, name):
    project = create_plugin(name, tmp_path)
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("MyPlugin", "not a valid plugin name"),
        ("my-plugin", "not a valid plugin name"),
        ("1plugin", "not a valid plugin name"),
        ("class", "not a valid plugin name"),
        ("x" * 25, "not a valid plugin name"),
        ("assessments", "already exists"),
        ("json", "module named 'json' is already installed"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_written(app, tmp_path, name, reason):
    result = app.test_cli_runner().invoke(
        args=["plugins", "new", name, "--directory", str(tmp_path)]
    )
    assert result.exit_code == 1 and reason in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(tmp_path):
    (tmp_path / "taken_folder").mkdir()
    with pytest.raises(ScaffoldError, match="already exists"):
        create_plugin("taken_folder", tmp_path)
    assert list((tmp_path / "taken_folder").iterdir()) == []


def test_the_command_writes_the_project_and_says_what_next(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["plugins", "new", "fresh_plugin", "--directory", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fresh_plugin" / "fresh_plugin" / "__init__.py").is_file()
    assert "pip install -e" in result.output


def test_plugins_alone_and_plugins_list_give_the_same_listing(app):
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["plugins", "list"])
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.output.splitlines()] == [
        "assessments",
        "onboarding",
        "recognition",
    ]
    assert runner.invoke(args=["plugins"]).output == listing.output
