"""The wheel built from the repository is a working portal on its own.

Builds the sdist and the wheel, installs the wheel into a fresh virtualenv with the locked
dependencies (requirements/main.txt: no test tools, no PostgreSQL or Redis driver), then in an
empty folder outside the repository runs ``flask db upgrade`` and ``flask demo-data`` and signs
in with the Flask test client of the installed package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parent.parent
#: Settings that would point the installed app at this checkout's databases or plugins.
UNSET = ("PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY")
UNSET_PREFIXES = ("POLKU_", "FLASK_", "PORTAL_")

#: Signs in as the demo coach and reports what the installed app serves (run in the venv).
CHECK = r"""
import importlib.util, json, re, sys
import portal
from portal import create_app

app = create_app()
client = app.test_client()
login = client.get("/login").get_data(as_text=True)
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
signed_in = client.post(
    "/login",
    data={"email": "coach@polku.test", "password": "polku-demo-2026", "csrf_token": token},
)
pages = {}
for url in ("/", "/p/onboarding/", "/p/assessments/", "/p/recognition/", "/static/polku.css"):
    response = client.get(url)
    pages[url] = [response.status_code, response.get_data(as_text=True)]
print(json.dumps({
    "prefix": sys.prefix,
    "package": portal.__file__,
    "template_folder": app.template_folder,
    "static_folder": app.static_folder,
    "migrations": app.extensions["migrate"].directory,
    "instance_path": app.instance_path,
    "extras": [m for m in ("psycopg", "redis") if importlib.util.find_spec(m)],
    "sign_in": signed_in.status_code,
    "pages": pages,
}))
"""


def _clean_env() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if key not in UNSET and not key.startswith(UNSET_PREFIXES)
    }


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT],
        ROOT,
        _clean_env(),
    )
    (built,) = dist.glob("polku-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    """What the installed portal reports after migrating and loading the demo data."""
    base = tmp_path_factory.mktemp("installed")
    venv, site = base / "venv", base / "site"
    site.mkdir()
    env = _clean_env()
    _run([sys.executable, "-m", "venv", venv], base, env)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet"]
    _run([*pip, "--require-hashes", "-r", ROOT / "requirements" / "main.txt"], base, env)
    _run([*pip, "--no-deps", wheel], base, env)
    env = {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", "FLASK_APP": "portal"}
    _run([venv / "bin" / "flask", "db", "upgrade"], site, env)
    _run([venv / "bin" / "flask", "demo-data"], site, env)
    (site / "check.py").write_text(CHECK, encoding="utf-8")
    report = json.loads(_run([venv / "bin" / "python", "check.py"], site, env))
    report["site"] = str(site)
    return report


def test_the_wheel_carries_compiled_catalogs_templates_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    catalogs = [
        po.relative_to(ROOT).with_suffix(".mo").as_posix()
        for tree in ("portal", "plugins")
        for po in (ROOT / tree).glob("**/translations/*/LC_MESSAGES/*.po")
    ]
    assert catalogs and set(catalogs) <= names
    assert not [n for n in names if n.endswith(".po")]
    assert {
        "portal/templates/base.html",
        "portal/static/polku.css",
        "portal/migrations/env.py",
        "portal/migrations/alembic.ini",
        "portal/data/arviointiasteikkokehittyvankielitaidontasot.json",
    } <= names
    assert any(n.startswith("plugins/onboarding/migrations/") for n in names)
    assert any(n.startswith("plugins/onboarding/data/") for n in names)
    assert not [n for n in names if n.startswith(("tests/", "templates/", "migrations/"))]


def test_the_installed_app_reads_only_its_own_files(installed):
    prefix = installed["prefix"]
    for key in ("package", "template_folder", "static_folder", "migrations"):
        assert installed[key].startswith(prefix), (key, installed[key])
        assert not installed[key].startswith(str(ROOT)), (key, installed[key])
    assert installed["instance_path"] == str(Path(installed["site"]) / "instance")
    assert (Path(installed["site"]) / "instance" / "polku.sqlite3").is_file()


def test_the_installed_app_runs_without_the_optional_drivers(installed):
    assert installed["extras"] == []


def test_the_installed_app_signs_in_and_serves_core_and_plugin_pages(installed):
    assert installed["sign_in"] == 302
    for url, (status, body) in installed["pages"].items():
        assert status == 200, (url, body[:500])
        assert "TemplateNotFound" not in body
    start, onboarding = installed["pages"]["/"][1], installed["pages"]["/p/onboarding/"][1]
    assert "Kirjaudu ulos" in start  # the core's compiled Finnish catalog
    assert "Perehdytysmallit" in onboarding  # the plugin's compiled catalog
