"""The layout rules of the code: small modules, and views that only translate HTTP.

Both rules are checked by reading the source (nothing is imported). ``ROOTS`` names the
trees they hold for; a tree is added when its modules follow them (``plugins`` next).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ("portal", "plugins")
MAX_LINES = 400
#: Session calls that write; a view hands every write to a service instead.
WRITES = frozenset({"add", "add_all", "delete", "commit", "flush", "merge"})
ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete"})


def modules(root: Path) -> list[Path]:
    """Every Python module under ``root``, except Alembic migration scripts."""
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.relative_to(root).parts)


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def is_view_module(tree: ast.Module) -> bool:
    """A module that defines a Blueprint, or routes (as decorators or ``add_url_rule``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in {"Blueprint", "add_url_rule"}:
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and _called_name(decorator) in ROUTE_DECORATORS:
                    return True
    return False


def session_writes(tree: ast.Module) -> list[tuple[int, str]]:
    """Each ``db.session.<write>(...)`` call, with its line."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if (
            node.func.attr in WRITES
            and isinstance(owner, ast.Attribute)
            and owner.attr == "session"
            and isinstance(owner.value, ast.Name)
            and owner.value.id == "db"
        ):
            found.append((node.lineno, node.func.attr))
    return found


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("root", ROOTS)
def test_no_module_is_over_the_limit(root):
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in modules(ROOT / root)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []


@pytest.mark.parametrize("root", ROOTS)
def test_views_leave_writing_to_services(root):
    offending = [
        f"{path.relative_to(ROOT)}:{line} db.session.{name}"
        for path in modules(ROOT / root)
        if is_view_module(tree := _parse(path))
        for line, name in session_writes(tree)
    ]
    assert offending == []


def test_every_module_serving_a_page_is_checked_as_a_view(app):
    """The rule above holds only if it sees the modules Flask really takes routes from."""
    checked = {
        p.resolve() for root in ROOTS for p in modules(ROOT / root) if is_view_module(_parse(p))
    }
    serving = {
        Path(sys.modules[view.__module__].__file__).resolve()
        for view in app.view_functions.values()
        if view.__module__.split(".")[0] in ROOTS
    }
    assert len(serving) >= 15  # the core's concerns and every built-in plugin have pages
    assert serving - checked == set()
    assert (ROOT / "portal/pathway/placements.py").resolve() not in checked  # a service


def test_the_checks_see_what_they_look_for():
    view = ast.parse(
        "from flask import Blueprint\nbp = Blueprint('x', __name__)\n"
        "def save():\n    db.session.add(row)\n    db.session.commit()\n"
    )
    routes_only = ast.parse("@bp.post('/x')\ndef x():\n    return db.session.flush()\n")
    service = ast.parse("def save(row):\n    db.session.add(row)\n    session.commit()\n")
    assert is_view_module(view) and session_writes(view) == [(4, "add"), (5, "commit")]
    assert is_view_module(routes_only) and session_writes(routes_only) == [(3, "flush")]
    assert not is_view_module(service) and session_writes(service) == [(2, "add")]


def test_migration_scripts_are_left_out(tmp_path):
    (tmp_path / "migrations" / "versions").mkdir(parents=True)
    (tmp_path / "migrations" / "versions" / "0001.py").write_text("x = 1\n")
    (tmp_path / "migrations.py").write_text("x = 1\n")
    assert modules(tmp_path) == [tmp_path / "migrations.py"]


#: Calls that read the server's own clock instead of the project's.
SERVER_TIME = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("time", "time"),
}


@pytest.mark.parametrize("root", ROOTS)
def test_the_time_comes_from_the_project_clock(root):
    """``date.today()`` is the server's date, wrong for Finland between midnight and 2-3 am;
    ``time.time()`` would escape a test's frozen clock."""
    clock = ROOT / "portal" / "app" / "clock.py"
    offending = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in modules(ROOT / root)
        if path != clock
        for node in ast.walk(_parse(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and (node.func.value.id, node.func.attr) in SERVER_TIME
    ]
    assert offending == []
