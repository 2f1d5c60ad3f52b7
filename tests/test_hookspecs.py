"""Hooks, their documentation and their tests stay in step: the core's hooks and the hooks the
built-in plugins declare in their own ``hookspecs`` modules."""

import inspect
import re
from pathlib import Path

import pytest

from portal.api import NavItem
from portal.hooks import specs as core_specs
from portal.hooks.manager import collect
from portal.hooks.validation import declared_item_type
from tests.hook_monitor import all_hookspecs, check_called, hook_under_test, specs_of

ROOT = Path(__file__).resolve().parent.parent
SPECS = all_hookspecs()
CALLED = re.compile(r'["\'](portal_\w+)["\']')
NOT_HOOKS = {"portal_plugins", "portal_access"}  # an entry-point group and a cookie name


def _documented() -> dict[str, str]:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^### (portal_\w+)(\(.*\))$", text, re.MULTILINE))


def _hooks_named_in(paths) -> set[str]:
    return {
        name for path in paths for name in CALLED.findall(path.read_text(encoding="utf-8"))
    } - NOT_HOOKS


def test_the_plugins_hookspecs_are_scanned():
    assert {"portal_nav_items", "portal_onboarding_templates", "portal_evidence_items"} <= set(
        SPECS
    )
    assert {"portal_assessment_forms", "portal_assessment_submitted"} <= set(SPECS)


def test_every_hookspec_is_documented_with_its_signature():
    documented = _documented()
    for name, fn in SPECS.items():
        params = ", ".join(inspect.signature(fn).parameters)
        assert documented.get(name) == f"({params})", name
    assert set(documented) == set(SPECS)


def test_every_hookspec_has_a_docstring():
    for name, fn in SPECS.items():
        assert fn.__doc__ and len(fn.__doc__.strip()) > 20, name


def test_every_hookspec_is_exercised_by_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    for name in SPECS:
        assert f"def test_hook_{name}(" in tests, name


def test_every_list_hook_declares_the_type_of_its_items():
    for name, fn in SPECS.items():
        annotation = inspect.signature(fn).return_annotation
        item_type = declared_item_type(fn)
        if annotation == "None":
            assert item_type is None, name
        else:
            assert item_type is not None and item_type.__name__ in annotation, name


def test_the_core_declares_exactly_the_hooks_it_calls():
    core = [p for p in (ROOT / "portal").rglob("*.py") if p.name != "specs.py"]
    assert _hooks_named_in(core) == set(specs_of(core_specs))


def test_each_plugin_declares_only_hooks_it_calls():
    for spec_file in sorted((ROOT / "plugins").glob("*/hookspecs.py")):
        plugin = spec_file.parent
        own_code = [p for p in plugin.rglob("*.py") if p != spec_file]
        module = __import__(f"plugins.{plugin.name}.hookspecs", fromlist=["_"])
        declared = set(specs_of(module))
        assert declared and declared <= _hooks_named_in(own_code), plugin.name


def test_names_of_hook_tests_are_matched_to_their_hook():
    assert hook_under_test("test_hook_portal_nav_items") == "portal_nav_items"
    long_name = "test_hook_portal_skill_requirements_offers_imported_requirements"
    assert hook_under_test(long_name) == "portal_skill_requirements"
    assert hook_under_test("test_hook_portal_no_such_hook") == "portal_no_such_hook"
    assert hook_under_test("test_nav_items") is None


def test_a_hook_test_that_does_not_call_its_hook_fails():
    check_called("test_hook_portal_nav_items", {"portal_nav_items", "portal_blueprints"})
    check_called("test_something_else", set())
    with pytest.raises(AssertionError, match="never calls the hook portal_nav_items"):
        check_called("test_hook_portal_nav_items", {"portal_dashboard_widgets"})
    with pytest.raises(AssertionError, match="portal_no_such_hook"):
        check_called("test_hook_portal_no_such_hook", {"portal_nav_items"})


def test_the_monitor_records_the_hooks_a_test_calls(make_app, world, hook_calls):
    app = make_app()
    assert "portal_blueprints" in hook_calls  # called while the app was built
    assert "portal_nav_items" not in hook_calls
    with app.test_request_context():
        items = collect("portal_nav_items", user=world.coach)
    assert "portal_nav_items" in hook_calls
    assert all(isinstance(item, NavItem) for item in items)
