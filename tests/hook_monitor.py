"""Which hooks a test calls: every ``test_hook_<name>`` must call the hook ``<name>``.

An autouse fixture (registered in ``tests/conftest.py``) records the name of every hook the
core or a plugin calls during a test; after a ``test_hook_*`` test it fails when that test never
called its hook. Hook names come from the specifications, the core's and the built-in plugins'.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from portal.hooks import conventions
from portal.hooks import specs as core_specs
from portal.hooks.manager import PortalPluginManager
from portal.hooks.markers import PROJECT

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "test_hook_"


def hookspec_modules() -> list[ModuleType]:
    """The core's specifications and the ``hookspecs`` module of every built-in plugin."""
    plugin_modules = [
        importlib.import_module(f"plugins.{path.parent.name}.hookspecs")
        for path in sorted((ROOT / "plugins").glob("*/hookspecs.py"))
    ]
    return [core_specs, *plugin_modules]


def specs_of(module: ModuleType) -> dict[str, Callable[..., Any]]:
    """The hook specifications a module declares, by name."""
    return {
        name: value
        for name, value in vars(module).items()
        if callable(value) and hasattr(value, f"{PROJECT}_spec")
    }


def all_hookspecs() -> dict[str, Callable[..., Any]]:
    return {name: fn for module in hookspec_modules() for name, fn in specs_of(module).items()}


def hook_under_test(test_name: str) -> str | None:
    """The hook a ``test_hook_<name>[_more]`` test is about (the longest matching name)."""
    if not test_name.startswith(PREFIX):
        return None
    rest = test_name.removeprefix(PREFIX)
    matches = [name for name in all_hookspecs() if rest == name or rest.startswith(f"{name}_")]
    return max(matches, key=len, default=rest)


def check_called(test_name: str, called: set[str]) -> None:
    """Fail when ``test_name`` is a hook test that did not call its hook."""
    hook = hook_under_test(test_name)
    assert hook is None or hook in called, f"{test_name} never calls the hook {hook}"


@pytest.fixture(autouse=True)
def hook_calls(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[set]:
    """The names of the hooks called during the test."""
    called: set[str] = set()
    call_each = PortalPluginManager.call_each

    def recording(self: PortalPluginManager, hook_name: str, *args: Any, **kwargs: Any) -> Any:
        called.add(hook_name)
        return call_each(self, hook_name, *args, **kwargs)

    declared_dir = conventions._declared_migration_dir

    def recording_dir(name: str, plugin: object) -> str | None:
        # Migration folders are asked of installed plugins directly, switched on or not.
        if hasattr(plugin, "portal_migration_dirs"):
            called.add("portal_migration_dirs")
        return declared_dir(name, plugin)

    monkeypatch.setattr(PortalPluginManager, "call_each", recording)
    monkeypatch.setattr(conventions, "_declared_migration_dir", recording_dir)
    yield called
    check_called(request.node.originalname, called)
