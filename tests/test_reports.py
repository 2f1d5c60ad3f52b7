"""Dashboard, funder report, exports and the CLI: the same figures, small cells suppressed."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    AuditEvent,
    Client,
    ClientSensitive,
    FollowUp,
    Outcome,
    Project,
    group_members,
)
from portal.reports.figures import Filters, compute
from tests.conftest import Browser, World, count_queries

TODAY = clock.today()
PERIOD = {"start": (TODAY - timedelta(days=365)).isoformat(), "end": TODAY.isoformat()}


def add_cohort(app, world, *, n, immigrants, outcomes, group=None, coach=None, entry=None):
    """``n`` clients; the first ``immigrants`` have a migrant background; ``outcomes`` is a
    list of (kind, study_status) for the first clients, who have left."""
    with app.app_context():
        clients = [
            Client(
                project_id=world.project.id,
                first_name=f"K{i}",
                last_name=f"Kohortti{i}",
                birth_year=2004 - i % 8,
                coach_id=coach or world.coach.id,
                state="follow_up",
                entry_date=entry or TODAY - timedelta(days=90),
                highest_education="basic" if i % 2 else "vocational",
                employment_status="unemployed",
            )
            for i in range(n)
        ]
        db.session.add_all(clients)
        db.session.flush()
        for i, c in enumerate(clients):
            db.session.add(ClientSensitive(client_id=c.id, immigrant_background=i < immigrants))
        for c, (kind, status) in zip(clients, outcomes, strict=False):
            db.session.add(
                Outcome(
                    client_id=c.id,
                    kind=kind,
                    study_status=status,
                    on=TODAY - timedelta(days=10),
                    details="x",
                    company_id=world.company.id,
                )
            )
            db.session.add(
                FollowUp(
                    client_id=c.id,
                    months=6,
                    due_date=TODAY,
                    result="employed" if kind.startswith("employed") else "",
                )
            )
        db.session.execute(
            group_members.insert(),
            [{"group_id": group or world.group.id, "client_id": c.id} for c in clients],
        )
        db.session.commit()
        return [c.id for c in clients]


# A hand-computed fixture: 20 clients, 7 with a migrant background; 10 have left: 5 employed by
# the coaching company, 1 study place accepted, 1 study place only applied, 3 other.
# Employed or studying = 6 / 10 = 60.0 %; immigrant share 7 / 20 = 35.0 %.
OUTCOMES = (
    [("employed_coaching_company", "")] * 5
    + [("study_place", "accepted"), ("study_place", "applied")]
    + [("other", "")] * 3
)


@pytest.fixture
def cohort(app, world):
    add_cohort(app, world, n=20, immigrants=7, outcomes=OUTCOMES)
    return app, world


def test_figures_match_a_hand_computed_fixture(cohort):
    app, _world = cohort
    with app.app_context():
        f = compute(select(Client.id), Filters(TODAY - timedelta(days=365), TODAY))
    # The world's two clients entered the same day: 22 in all, neither an immigrant nor left.
    assert (f.clients, f.immigrants, f.exited, f.positive) == (22, 7, 10, 6)
    # 2 and 3 are shown as <5; hidden together they add up to 5, so nothing else is hidden.
    assert f.by_outcome == {"employed_coaching_company": 5, "study_place": "<5", "other": "<5"}
    assert f.days_to_outcome == 80.0
    assert f.follow_ups == {6: {"employed": 5}}
    assert {c["name"]: c["hired"] for c in f.by_company}["Varasto Oy"] == 5


def test_dashboard_csv_xlsx_and_cli_agree(cohort, as_role):
    app, _world = cohort
    admin = as_role("admin")
    html = admin.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    assert re.search(r'kpi-clients">\s*<h3>[^<]*</h3>\s*<p class="figure">22<', html)
    assert "27.3 %" not in html  # no rounding drift: 6 / 10 is shown as 60.0 %
    # In Finnish, through Babel: a decimal comma and a space before the sign.
    assert "60\xa0%" in html and "31,8\xa0%" in html  # 7 / 22 immigrants
    assert "31.8" not in html
    cli = app.test_cli_runner().invoke(
        args=[
            "report",
            "kpis",
            "--format",
            "json",
            "--from",
            PERIOD["start"],
            "--to",
            PERIOD["end"],
        ]
    )
    values = {k["key"]: k["value"] for k in json.loads(cli.output)["kpis"]}
    assert values == {"clients": 22, "immigrant_share": 31.8, "employed_or_studying": 60.0}
    funder_csv = admin.get("/reports/funder.csv", query_string=PERIOD).get_data(as_text=True)
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(funder_csv))}
    assert rows[("Osallistujat", "Kaikki osallistujat")] == "22"
    assert rows[("Tilanne poistuttaessa", "Työllistynyt")] == "5"
    migrant = "Maahanmuuttaja- tai ulkomaalaistausta"
    assert rows[(migrant, migrant)] == "7"
    book = load_workbook(io.BytesIO(admin.get("/reports/funder.xlsx", query_string=PERIOD).data))
    cells = {(r[0], r[1]) for r in book.active.iter_rows(values_only=True) if r and len(r) > 1}
    assert ("Kaikki osallistujat", 22) in cells and ("Työllistynyt", 5) in cells


def _numbers(text):
    return [int(n) for n in re.findall(r"(?<![\w.<-])(\d{1,3})(?![\w.%-])", text)]


def test_no_aggregate_shows_a_count_between_1_and_4(app, world, as_role):
    add_cohort(app, world, n=3, immigrants=2, outcomes=[("study_place", "started")])
    admin = as_role("admin")
    tables = admin.get("/reports/funder.csv", query_string=PERIOD).get_data(as_text=True)
    counts = [r[2] for r in csv.reader(io.StringIO(tables))][1:]
    assert "<5" in counts
    assert not [c for c in counts if c.isdigit() and 0 < int(c) < 5]
    cli = app.test_cli_runner().invoke(
        args=["report", "kpis", "--from", PERIOD["start"], "--to", PERIOD["end"]]
    )
    values = {k["key"]: k["value"] for k in json.loads(cli.output)["kpis"]}
    # 2 of 5: a rate needs five or more behind its numerator too.
    assert values == {"clients": 5, "immigrant_share": None, "employed_or_studying": None}
    html = admin.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    main = html[html.index("<main") :]
    for table in re.findall(r"<table>.*?</table>", main, re.S):
        cells = re.findall(r"<td>([^<]*)</td>", table)
        assert not [c for c in cells if c.strip().isdigit() and 0 < int(c) < 5], table


def test_dashboard_runs_a_fixed_number_of_queries(make_app, as_role):
    app = make_app(REPORTS_CACHE_SECONDS=0)
    with app.app_context():
        world = World()
    admin = as_role("admin", world)

    def statements():
        with count_queries(app) as seen:
            assert admin.get("/reports/", query_string=PERIOD).status_code == 200
        return len(seen)

    add_cohort(app, world, n=10, immigrants=3, outcomes=OUTCOMES[:5])
    small = statements()
    # The session with its user, the short lists, the figures, whether any came-back share's
    # day has come, the came-back table.
    assert small == 5
    add_cohort(app, world, n=200, immigrants=70, outcomes=OUTCOMES * 10)
    assert statements() == small


def test_cached_figures_follow_every_change(cohort, as_role):
    app, world = cohort
    admin = as_role("admin")
    first = admin.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    assert 'class="figure">22<' in first
    coach = as_role("coach")
    coach.post(
        "/clients/new",
        {
            "first_name": "Uusi",
            "last_name": "Asiakas",
            "birth_year": "2005",
            "highest_education": "basic",
            "goal": "unclear",
            "coach_id": str(world.coach.id),
            "employment_status": "unemployed",
        },
    )
    with count_queries(app) as seen:
        again = admin.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    # One client more this month: 23 would single them out against the period that ends
    # last month (22), so the figure is hidden now.
    assert 'class="figure">x<' in again
    with count_queries(app) as cached_run:
        admin.get("/reports/", query_string=PERIOD)
    assert len(cached_run) < len(seen)


def test_coach_sees_only_own_clients_and_no_row_export(app, world, as_role):
    add_cohort(
        app,
        world,
        n=6,
        immigrants=0,
        outcomes=[],
        group=world.other_group.id,
        coach=world.other_coach.id,
    )
    coach = as_role("coach")
    html = coach.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    assert 'class="figure">&lt;5<' in html or 'class="figure"><5<' in html  # only Aino
    assert (
        coach.get("/reports/", query_string={**PERIOD, "group": world.other_group.id}).status_code
        == 404
    )
    assert coach.get("/reports/clients.csv").status_code == 403
    assert coach.get("/reports/settings").status_code == 403
    for role in ("employer", "client_user"):
        browser = as_role(role)
        for url in ["/reports/", "/reports/funder", "/reports/funder.csv", "/reports/clients.csv"]:
            assert browser.get(url).status_code == 403


def test_bad_periods_and_groups(app, world, as_role):
    admin = as_role("admin")
    backwards = admin.get(
        "/reports/", query_string={"start": PERIOD["end"], "end": PERIOD["start"]}
    )
    assert backwards.status_code == 400
    assert "ei voi päättyä ennen" in backwards.get_data(as_text=True)
    assert admin.get("/reports/", query_string={"group": 999999}).status_code == 404
    assert admin.get("/reports/", query_string={"start": "31.2.2026"}).status_code == 400
    download = admin.get(
        "/reports/funder.xlsx", query_string={"start": PERIOD["end"], "end": PERIOD["start"]}
    )
    assert download.status_code == 302
    cli = app.test_cli_runner().invoke(
        args=["report", "kpis", "--from", "2026-05-01", "--to", "2026-01-01"]
    )
    assert cli.exit_code != 0 and "cannot end before" in cli.output


def test_row_level_export_is_admin_only_and_audited(cohort, as_role):
    """One audit row for each client in each export, with the export's format as object."""
    app, _world = cohort
    admin = as_role("admin")
    response = admin.get("/reports/clients.csv", query_string=PERIOD)
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 23 and rows[0][0] == "Asiakkaan tunnus"
    xlsx = admin.get("/reports/clients.xlsx", query_string=PERIOD)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == 23
    with app.app_context():
        logged = db.session.execute(
            select(AuditEvent.object_type, AuditEvent.client_id, AuditEvent.actor_role).where(
                AuditEvent.action == "client_export.read"
            )
        ).all()
    exported = sorted(int(row[0]) for row in rows[1:])
    for fmt in ("csv", "xlsx"):
        mine = sorted(client for kind, client, _role in logged if kind == f"client_export.{fmt}")
        assert mine == exported
    assert {role for _kind, _client, role in logged} == {"admin"}


def test_an_export_writes_its_audit_rows_in_one_statement(cohort, as_role):
    app, _world = cohort
    admin = as_role("admin")
    with count_queries(app) as statements:
        assert admin.get("/reports/clients.csv", query_string=PERIOD).status_code == 200
    inserts = [s for s in statements if "INSERT INTO audit_events" in s]
    assert len(inserts) == 1 and "SELECT" in inserts[0]


def test_admin_edits_period_and_targets(app, world, as_role):
    admin = as_role("admin")
    assert "240" in admin.get("/reports/settings").get_data(as_text=True)
    bad = admin.post(
        "/reports/settings",
        {
            "name": "Polku",
            "period_start": "2026-06-01",
            "period_end": "2026-01-01",
            "target_clients": "240",
            "target_immigrant_percent": "35",
            "target_positive_percent": "170",
        },
    )
    assert bad.status_code == 200 and 'class="error-summary"' in bad.get_data(as_text=True)
    ok = admin.post(
        "/reports/settings",
        {
            "name": "Polku",
            "period_start": "2025-09-01",
            "period_end": "2027-08-31",
            "target_clients": "250",
            "target_immigrant_percent": "35",
            "target_positive_percent": "70",
        },
    )
    assert ok.status_code == 302
    assert "Target: 250" in admin.get("/reports/").get_data(
        as_text=True
    ) or "Tavoite: 250" in admin.get("/reports/").get_data(as_text=True)


@pytest.fixture
def sample_admin(make_app, as_role):
    """The admin, signed in to an app with the sample plugin."""
    from tests.fixture_plugins import sample

    app = make_app(PORTAL_EXTRA_PLUGINS={"sample": sample})
    with app.app_context():
        world = World()
    return as_role("admin", world)


def test_hook_portal_export_columns(sample_admin):
    export = sample_admin.get("/reports/clients.csv", query_string=PERIOD)
    header, *rows = csv.reader(io.StringIO(export.get_data(as_text=True)))
    assert header[0] == "Asiakkaan tunnus" and header[-1] == "Name length"
    assert len(rows) == 2
    assert all(row[-1] == str(len(row[0]) * 10) for row in rows)  # the sample's own figure


def test_hook_portal_report_widgets(sample_admin):
    html = sample_admin.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    assert "Sample report" in html and f"Widget for Admin {TODAY.year - 1}" in html


def test_a_report_widget_is_told_the_dashboards_project(make_app, as_role):
    """The sections of plugins get the project(s) the dashboard is about."""
    from tests.fixture_plugins import sample

    app = make_app(PORTAL_EXTRA_PLUGINS={"sample": sample})
    with app.app_context():
        world = World()
        first = db.session.get(Project, world.project.id)
        second = Project(
            organisation_id=first.organisation_id,
            name="Toinen",
            period_start=first.period_start,
            period_end=first.period_end,
        )
        db.session.add(second)
        db.session.commit()
        ids = sorted([first.id, second.id])
    sample_admin = as_role("admin", world)
    chosen = sample_admin.get("/reports/", query_string={**PERIOD, "project": str(ids[1])})
    assert f'<p id="sample-projects">{ids[1]}</p>' in chosen.get_data(as_text=True)
    every = sample_admin.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    assert f'<p id="sample-projects">{ids[0]},{ids[1]}</p>' in every


def test_dashboard_csv_xlsx_and_cli_agree_on_the_demo_data(app):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    everyone = {"start": "2000-01-01", "end": "2100-01-01"}
    cli = app.test_cli_runner().invoke(
        args=["report", "kpis", "--from", everyone["start"], "--to", everyone["end"]]
    )
    values = {k["key"]: k["value"] for k in json.loads(cli.output)["kpis"]}
    # 34 clients; hidden (x) when the first or the last month of entries has 1-4 of them.
    assert values["clients"] in (34, "x")
    admin = Browser(app.test_client())
    admin.login("admin@polku.test", "polku-demo-2026")
    html = admin.get("/reports/", query_string=everyone).get_data(as_text=True)
    for key, value in values.items():
        shown = re.search(rf'kpi-{key}">\s*<h3>[^<]*</h3>\s*<p class="figure">([^<]*)<', html)
        text = shown.group(1).replace("\xa0%", "").replace(",", ".")
        if isinstance(value, int | float):
            assert float(text) == value, key
        else:
            assert text == str(value if value is not None else "–"), key
    funder_csv = admin.get("/reports/funder.csv", query_string=everyone).get_data(as_text=True)
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(funder_csv))}
    assert rows[("Osallistujat", "Kaikki osallistujat")] == str(values["clients"])
    book = load_workbook(io.BytesIO(admin.get("/reports/funder.xlsx", query_string=everyone).data))
    sheet_rows = [r for r in book.active.iter_rows(values_only=True) if r[1] is not None]
    csv_counts = [r[2] for r in csv.reader(io.StringIO(funder_csv))][1:]
    assert [str(r[1]) for r in sheet_rows] == csv_counts
