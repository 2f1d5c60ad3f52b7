"""Hooks, their documentation and their tests stay in step."""

import inspect
import re
from pathlib import Path

from portal.hooks import specs as hookspecs

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    name: fn for name, fn in vars(hookspecs).items() if name.startswith("portal_") and callable(fn)
}


def _documented() -> dict[str, str]:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^### (portal_\w+)(\(.*\))$", text, re.MULTILINE))


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


def test_every_hook_the_core_calls_exists():
    called = set()
    for path in (ROOT / "portal").rglob("*.py"):
        called |= set(re.findall(r'["\'](portal_\w+)["\']', path.read_text(encoding="utf-8")))
    called -= {"portal_plugins", "portal_access"}
    assert called <= set(SPECS), called - set(SPECS)
