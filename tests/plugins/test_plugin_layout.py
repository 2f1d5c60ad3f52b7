"""The plugins' layout: small modules, and pages that leave writing to the plugin's services."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
MAX_LINES = 400
#: Session calls that write or end the transaction: a view leaves them to a service.
WRITES = {"add", "add_all", "delete", "commit", "flush", "merge", "rollback"}
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}


def modules(root: Path) -> list[Path]:
    """Every Python module under ``root``, migrations excluded."""
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.relative_to(root).parts)


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def is_view_module(tree: ast.Module) -> bool:
    """A module that makes a blueprint or defines routes (``@bp.route``, ``@bp.post``...)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) == "Blueprint":
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in ROUTE_DECORATORS
                ):
                    return True
    return False


def session_writes(tree: ast.Module) -> list[tuple[int, str]]:
    """Each ``….session.<write>(…)`` call (``db.session.commit()``, ``session.add(x)``)."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        on_session = (isinstance(owner, ast.Attribute) and owner.attr == "session") or (
            isinstance(owner, ast.Name) and owner.id == "session"
        )
        if on_session and node.func.attr in WRITES:
            found.append((node.lineno, f"session.{node.func.attr}"))
    return sorted(found)


def view_modules(root: Path) -> list[Path]:
    return [p for p in modules(root) if is_view_module(ast.parse(p.read_text(encoding="utf-8")))]


def test_no_plugin_module_is_over_400_lines():
    too_long = [
        f"{p.relative_to(ROOT)}: {line_count(p)} lines"
        for p in modules(PLUGINS)
        if line_count(p) > MAX_LINES
    ]
    assert too_long == []


def test_plugin_views_leave_writes_to_the_services():
    writes = [
        f"{path.relative_to(ROOT)}:{line} {call}"
        for path in view_modules(PLUGINS)
        for line, call in session_writes(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert writes == []


def test_every_module_serving_a_plugin_page_is_checked_as_a_view(app):
    """The check above sees the modules Flask really takes the plugins' routes from."""
    checked = {p.resolve() for p in view_modules(PLUGINS)}
    serving = {
        Path(sys.modules[view.__module__].__file__).resolve()
        for view in app.view_functions.values()
        if view.__module__.startswith("plugins.")
    }
    assert len(serving) >= 3  # every built-in plugin has pages
    assert serving - checked == set()


def test_the_checks_find_what_they_look_for(tmp_path):
    view = ast.parse(
        "from flask import Blueprint\n"
        "bp = Blueprint('x', __name__)\n"
        "@bp.post('/')\n"
        "def save():\n"
        "    db.session.add(thing)\n"
        "    db.session.commit()\n"
        "    return ''\n"
    )
    routes_only = ast.parse("@bp.route('/')\ndef page():\n    session.rollback()\n")
    service = ast.parse("def save(thing):\n    db.session.add(thing)\n    db.session.commit()\n")
    reads = ast.parse("@bp.route('/')\ndef page():\n    return db.session.get(Thing, 1)\n")
    assert is_view_module(view) and is_view_module(routes_only) and is_view_module(reads)
    assert not is_view_module(service)
    assert session_writes(view) == [(5, "session.add"), (6, "session.commit")]
    assert session_writes(routes_only) == [(3, "session.rollback")]
    assert session_writes(reads) == []

    (tmp_path / "pkg" / "migrations").mkdir(parents=True)
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tmp_path / "pkg" / "migrations" / "old.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert [p.name for p in modules(tmp_path)] == ["long.py"]
    assert line_count(tmp_path / "pkg" / "long.py") == MAX_LINES + 1
