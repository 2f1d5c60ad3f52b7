"""``make bench``: what the budgets ask of the portal's least possible pages.

Three pages that do nothing of the portal's own, added to the app for this measurement and
signed in like every page (the session store, Flask-Login, the request's checks and headers):
``hello`` answers a bare string, ``layout`` the layout around one paragraph, ``table`` the
layout around a 50-row table of six columns read in one statement (the calibration's plain
list, ``../shared/docs/performance-baselines.md``). No portal page can do less than the page
of its kind here, so a floor above that page's ratio is one no page can meet: the test fails
on such a floor, and prints the ratios either way.
"""

from __future__ import annotations

import json
import os
from contextlib import ExitStack

import pytest
from flask import Flask, render_template
from sqlalchemy import select

from portal.access.permissions import signed_in_required
from portal.app.extensions import db
from portal.models import Client
from tests.bench import harness
from tests.bench.budgets import FLOORS, SMALL
from tests.support.database import private_schema

pytestmark = pytest.mark.slow
#: Settings added to the app (JSON), to see what one changes: for example
#: ``{"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": false, "isolation_level": "AUTOCOMMIT"}}``
#: (no check of a connection before use, no transaction: the fewest round trips there are).
EXTRA = json.loads(os.environ.get("BENCH_APP_CONFIG") or "{}")

LAYOUT = (
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}'
    "{% block content %}<p>Floor.</p>{% endblock %}"
)
TABLE = (
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}<table>'
    "{% for c in rows %}<tr><td>{{ c.id }}</td><td>{{ c.first_name }}</td>"
    "<td>{{ c.last_name }}</td><td>{{ c.municipality }}</td><td>{{ c.birth_year }}</td>"
    "<td>{{ c.state }}</td></tr>{% endfor %}</table>{% endblock %}"
)
#: The least page of each budgeted kind.
LEAST = {"/floor/layout": "static", "/floor/table": "list"}


def _add_floor_pages(app: Flask) -> None:
    layout, table = app.jinja_env.from_string(LAYOUT), app.jinja_env.from_string(TABLE)
    columns = (
        Client.id,
        Client.first_name,
        Client.last_name,
        Client.municipality,
        Client.birth_year,
        Client.state,
    )

    def hello() -> str:
        return "hello"

    def layout_page() -> str:
        return render_template(layout)

    def table_page() -> str:
        rows = db.session.execute(select(*columns).order_by(Client.id).limit(50)).all()
        assert len(rows) == 50
        return render_template(table, rows=rows)

    for name, view in (("hello", hello), ("layout", layout_page), ("table", table_page)):
        app.add_url_rule(f"/floor/{name}", f"floor_{name}", signed_in_required(view))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_least_pages_meet_the_floors(backend, make_app, tmp_path):
    with ExitStack() as cleanup:
        if backend == "sqlite":
            uri = f"sqlite:///{tmp_path / 'floor.sqlite3'}"
        else:
            url = os.environ.get("DATABASE_URL", "")
            if not url.startswith("postgresql"):
                pytest.skip("DATABASE_URL names no PostgreSQL database")
            uri = cleanup.enter_context(private_schema(url, "bench_floor"))
        app = make_app(SQLALCHEMY_DATABASE_URI=uri, **EXTRA)
        _add_floor_pages(app)
        harness.seed(app, SMALL)
        bare = harness.bare_route()
        unmet = []
        print(f"\n{backend}: the least signed-in pages against a bare route")
        for role in ("admin", "client"):
            browser = harness.sign_in(app, role)
            for path in ("/floor/hello", *LEAST):
                assert browser.get(path).status_code == 200, path
                ratio = harness.ratio(lambda p=path, b=browser: b.get(p), bare)
                kind = LEAST.get(path)
                floor = FLOORS[kind] if kind else None
                verdict = "" if floor is None else ("ok" if ratio >= floor else "BELOW")
                print(f"{path:14} {role:7} {ratio:.4f}  {kind or '':6} {floor or 0:.3f} {verdict}")
                if floor is not None and ratio < floor:
                    unmet.append((path, role, round(ratio, 4), kind, round(floor, 3)))
    assert not unmet, f"floors no page can meet here: {unmet}"
