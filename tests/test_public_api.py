"""Plugins import the core only through ``portal.api``."""

from __future__ import annotations

import ast
from pathlib import Path

import portal.api

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_TREES = (ROOT / "plugins", ROOT / "tests" / "fixture_plugins")


def core_imports(path: Path) -> list[tuple[int, str]]:
    """Every ``portal`` module that ``path`` imports, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "portal"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)] if node.module.split(".")[0] == "portal" else []
    return found


def test_plugins_import_only_the_public_api():
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for tree in PLUGIN_TREES
        for path in sorted(tree.rglob("*.py"))
        for line, module in core_imports(path)
        if module != "portal.api"
    ]
    assert offending == []


def test_the_boundary_check_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import portal.models\nfrom portal import hookimpl\nfrom portal.api import db\n"
        "def f():\n    from portal.app import clock\n"
    )
    assert core_imports(sample) == [
        (1, "portal.models"),
        (2, "portal"),
        (3, "portal.api"),
        (5, "portal.app"),
    ]


def test_every_public_name_exists():
    for name in portal.api.__all__:
        assert getattr(portal.api, name, None) is not None, name
    assert sorted(portal.api.__all__) == sorted(set(portal.api.__all__))
