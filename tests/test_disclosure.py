"""Statistics that cannot be reverse-engineered: the attacks of the data-protection issue, tried
on the dashboard, the funder report and its CSV (ADR 0013)."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, ClientSensitive
from portal.reports.figures import compute
from portal.reports.periods import Filters
from portal.reports.suppression import (
    HIDDEN,
    SUPPRESSED,
    differs_little,
    protect_grid,
    protect_row,
    rate,
)
from tests.support.world import project_id_of

TODAY = clock.today()
THIS_MONTH = TODAY.replace(day=1)
#: The first day of the month three months ago: long enough ago for the cohort to sit alone.
EARLIER = (THIS_MONTH - timedelta(days=80)).replace(day=1)
START = (EARLIER - timedelta(days=400)).isoformat()


def _add(app, n: int, immigrants: int, entry: date, coach_id: int) -> None:
    with app.app_context():
        for i in range(n):
            client = Client(
                project_id=project_id_of(coach_id),
                first_name=f"D{i}",
                last_name=f"Erotus{i}",
                birth_year=2003,
                coach_id=coach_id,
                entry_date=entry,
                employment_status="unemployed",
            )
            db.session.add(client)
            db.session.flush()
            db.session.add(
                ClientSensitive(client_id=client.id, immigrant_background=i < immigrants)
            )
        db.session.commit()


def _funder(admin, start: str, end: str) -> dict[tuple[str, str], str]:
    body = admin.get("/reports/funder.csv", query_string={"start": start, "end": end})
    return {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(body.get_data(as_text=True)))}


@pytest.fixture
def cohort(app, world):
    """20 clients (6 with a migrant background) entered three months ago, the world's two
    about then too; this month 2 more entered on one day, one of them with a migrant
    background."""
    with app.app_context():
        for client in db.session.scalars(select(Client)):
            client.entry_date = EARLIER
        db.session.commit()
    _add(app, 20, 6, EARLIER, world.coach.id)
    _add(app, 2, 1, THIS_MONTH, world.coach.id)
    return app


def test_differencing_two_overlapping_periods_reveals_no_small_group(cohort, as_role):
    """The attacker asks for periods that end the day before the two entered, on that day,
    and around it, and subtracts every figure of one from the same figure of another."""
    admin = as_role("admin")
    ends = [THIS_MONTH + timedelta(days=d) for d in (-40, -1, 0, 1, 15)]
    reports = [_funder(admin, START, end.isoformat()) for end in ends]
    for a, b in itertools.combinations(reports, 2):
        for key in a.keys() & b.keys():
            if a[key].isdigit() and b[key].isdigit():
                assert abs(int(a[key]) - int(b[key])) not in range(1, 5), (key, a[key], b[key])


def test_the_dashboard_cannot_be_differenced_either(cohort, as_role):
    admin = as_role("admin")
    shown = []
    for end in (THIS_MONTH - timedelta(days=1), TODAY):
        with cohort.app_context():
            figures = compute(select(Client.id), Filters(date.fromisoformat(START), end))
        shown.append((figures.clients, figures.immigrants))
        page = admin.get("/reports/", query_string={"start": START, "end": end.isoformat()})
        assert page.status_code == 200
    (clients_a, imm_a), (clients_b, imm_b) = shown
    for a, b in ((clients_a, clients_b), (imm_a, imm_b)):
        if isinstance(a, int) and isinstance(b, int):
            assert abs(a - b) not in range(1, 5)


def test_periods_are_whole_months(cohort, as_role):
    admin = as_role("admin")
    mid = _funder(admin, START, (THIS_MONTH + timedelta(days=3)).isoformat())
    whole = _funder(admin, START, TODAY.replace(day=28).isoformat())
    assert mid == whole
    page = admin.get("/reports/", query_string={"start": START, "end": TODAY.isoformat()})
    assert "kokonaisia kuukausia" in page.get_data(as_text=True)


def test_no_table_cell_can_be_recovered_from_its_total(app, world, as_role):
    """Total minus the visible cells: the hidden cells must be none, or at least two adding up
    to five or more. 3 of 22 have a migrant background: "<5" beside 19 would give the 3 away."""
    with app.app_context():
        for client in db.session.scalars(select(Client)):
            client.entry_date = EARLIER
        db.session.commit()
    _add(app, 20, 3, EARLIER, world.coach.id)
    rows = _funder(as_role("admin"), START, TODAY.isoformat())
    total = rows.pop(("Osallistujat", "Kaikki osallistujat"))
    assert total == "22"
    tables: dict[str, list[str]] = {}
    for (table, _label), value in list(rows.items())[1:]:  # the first row names the columns
        tables.setdefault(table, []).append(value)
    migrant = "Maahanmuuttaja- tai ulkomaalaistausta"
    assert tables[migrant] == [SUPPRESSED, HIDDEN]
    for name, values in tables.items():
        hidden = [v for v in values if not v.isdigit()]
        recovered = int(total) - sum(int(v) for v in values if v.isdigit())
        assert len(hidden) != 1, name
        assert recovered == 0 or recovered >= 5, (name, values)


def test_rates_need_five_behind_the_numerator_and_the_denominator():
    assert rate(4, 100) is None
    assert rate(5, 4) is None
    assert rate(SUPPRESSED, 20) is None
    assert rate(5, HIDDEN) is None
    assert rate(5, 20) == 25.0


def test_the_dashboard_never_shows_a_small_count_as_a_percentage(app, world, as_role):
    _add(app, 8, 3, EARLIER, world.coach.id)
    html = as_role("admin").get("/reports/", query_string={"start": START, "end": TODAY})
    text = html.get_data(as_text=True)
    assert "&lt;5 %" not in text and "<5 %" not in text
    # 3 of the 10 (the world's two entered in the period too) have a migrant background.
    share = re.search(r'kpi-immigrant_share">\s*<h3>[^<]*</h3>\s*<p class="figure">([^<]*)<', text)
    assert share.group(1) == "–"


def test_complementary_suppression_in_a_row_and_in_a_grid():
    # A lone small cell with a known total: the next smallest goes too.
    assert protect_row([3, 10, 20], [SUPPRESSED, 10, 20]) == [SUPPRESSED, HIDDEN, 20]
    # Two small cells adding up to 4: still recoverable as a group of 4, so a third goes.
    assert protect_row([1, 3, 9, 20], [SUPPRESSED, SUPPRESSED, 9, 20]) == [
        SUPPRESSED,
        SUPPRESSED,
        HIDDEN,
        20,
    ]
    # Zeros are public and do not hide anything.
    assert protect_row([3, 0, 12], [SUPPRESSED, 0, 12]) == [SUPPRESSED, 0, HIDDEN]
    # A grid: hiding in a row makes its columns need a partner too.
    values = [[2, 8], [9, 7]]
    grid = protect_grid(values, [[SUPPRESSED, 8], [9, 7]])
    for r in range(2):
        assert sum(isinstance(v, str) for v in grid[r]) != 1
    for c in range(2):
        assert sum(isinstance(grid[r][c], str) for r in range(2)) != 1


def test_the_smallest_difference_between_nested_periods():
    months = [0, 7, 2, 9, 0, 6]
    # Leaving out months at either end takes 7 or 9 away; taking later ones in adds 6.
    assert not differs_little(months, 1, 3)
    # ... but the period that ends with the 2 differs by 2 from the one that ends before it.
    assert differs_little(months, 1, 2)
    assert differs_little([3, 7, 9], 1, 2)  # taking in the month before adds 3
    assert not differs_little([0, 0, 7], 2, 2)
