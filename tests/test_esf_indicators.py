"""The ESF+ common indicators against a fixture of 32 young people whose expected figures are
counted by hand below (not by the code under test): 30 entered in January-June 2025, two
outside the period. The same figures must come out of the report, the page, the CSV, the XLSX
and ``flask reports esf``.

The exact figures are compared with the small-cell rules switched off (``MIN_CELL`` 1): with
them on, a fixture of 30 shows mostly ``<5``. One test runs with the rules on.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.app import clock
from portal.app.extensions import db
from portal.esf.definitions import BLOCKS
from portal.esf.indicators import report
from portal.models import Client, ClientSensitive, FollowUp, Group, Outcome
from portal.reports import suppression
from portal.reports.periods import Filters
from tests.support.world import project_id_of

PERIOD = Filters(start=date(2025, 1, 1), end=date(2025, 6, 30))
QUERY = "start=2025-01-01&end=2025-06-30"
CO, SAME, OTHER_FIELD = "employed_coaching_company", "employed_same_field", "employed_other_field"
FUTURE = "future"  # a leaving date a month after today

# name, gender, birth year, entry (2025-MM-DD), status, ISCED, municipality, coach's rural
# answer, (disability, third-country national, foreign background, minority, homeless) or None
# (no sensitive record), outcome (kind, study status, leaving date, job searching,
# qualification) or None, 6-month follow-up (result, improved) or None.
NO5 = ("no", "no", "no", "no", "no")
DECLINED5 = ("declined",) * 5
PEOPLE = [
    ("P01", "female", 2009, "01-10", "unemployed", "isced_0_2", "Helsinki", "", NO5,
     (CO, "", "2025-04-10", "no", "yes"), ("employed", "")),
    ("P02", "female", 2008, "01-15", "long_term_unemployed", "isced_0_2", "Utsjoki", "no",
     ("yes", "no", "no", "no", "no"), (SAME, "", "2025-05-01", "no", "no"), ("employed", "")),
    ("P03", "female", 2006, "01-20", "inactive", "isced_3_4", "Espoo", "",
     ("no", "yes", "yes", "no", "no"), ("study_place", "accepted", "2025-04-20", "no", "yes"),
     ("studying", "")),
    ("P04", "female", 2004, "02-01", "in_education", "isced_3_4", "", "yes",
     ("no", "no", "no", "no", "yes"), ("study_place", "started", "2025-05-15", "no", "no"),
     ("unemployed", "")),
    ("P05", "female", 2002, "02-05", "employed", "isced_5_8", "Tampere", "",
     ("declined", "no", "no", "no", "no"), (OTHER_FIELD, "", "2025-06-01", "no", "no"),
     ("employed", "yes")),
    ("P06", "female", 2000, "02-10", "employed", "isced_3_4", "Kustavi", "", NO5,
     ("other", "", "2025-05-10", "yes", "no"), ("unemployed", "no")),
    ("P07", "female", 1998, "02-15", "unknown", "", "Tampere", "", ("", "", "", "", ""),
     None, None),
    ("P08", "female", 1996, "03-01", "unemployed", "isced_0_2", "Oulu", "",
     ("no", "declined", "declined", "declined", "declined"),
     ("referred", "", "2025-06-10", "yes", ""), ("back_in_services", "")),
    ("P09", "female", 1994, "03-05", "long_term_unemployed", "isced_0_2", "Lahti", "",
     ("no", "no", "yes", "yes", "no"), ("work_trial", "", "2025-06-15", "no", "no"),
     ("not_reached", "")),
    ("P10", "female", 2007, "03-10", "unemployed", "isced_0_2", "Ylikylä", "no",
     ("yes", "no", "no", "no", "no"), (CO, "", "2025-06-20", "", ""), ("", "")),
    ("P11", "female", 2005, "03-15", "inactive", "isced_0_2", "", "",
     ("no", "yes", "yes", "no", "no"), None, None),
    ("P12", "female", 2003, "04-01", "employed", "isced_3_4", "Vantaa", "", NO5,
     (SAME, "", "1990-05-01", "no", "no"), None),
    ("P13", "male", 2009, "01-12", "unemployed", "isced_0_2", "Helsinki", "", NO5,
     (CO, "", "2025-04-12", "no", "yes"), ("employed", "")),
    ("P14", "male", 2008, "01-22", "long_term_unemployed", "isced_0_2", "Savukoski", "",
     ("no", "no", "no", "no", "yes"), ("other", "", "2025-05-22", "yes", "no"),
     ("unemployed", "")),
    ("P15", "male", 2006, "02-02", "inactive", "isced_0_2", "Turku", "",
     ("yes", "yes", "yes", "no", "no"), ("study_place", "applied", "2025-05-02", "yes", "no"),
     ("studying", "")),
    ("P16", "male", 2004, "02-12", "in_education", "isced_3_4", "Turku", "", NO5,
     ("study_place", "started", "2025-06-12", "no", "yes"), ("studying", "")),
    ("P17", "male", 2002, "02-20", "employed", "isced_3_4", "Posio", "", NO5,
     (SAME, "", "2025-05-20", "no", "no"), ("employed", "yes")),
    ("P18", "male", 2000, "03-03", "unemployed", "isced_5_8", "Espoo", "", DECLINED5,
     None, None),
    ("P19", "male", 1998, "03-13", "long_term_unemployed", "isced_3_4", "Kuopio", "",
     ("no", "yes", "yes", "yes", "no"), ("referred", "", "2025-06-13", "", ""), ("", "")),
    ("P20", "male", 1996, "04-02", "unemployed", "isced_0_2", "Oulu", "", NO5,
     (CO, "", FUTURE, "no", "no"), None),
    ("P21", "male", 1994, "04-12", "employed", "isced_5_8", "  helsinki ", "", NO5,
     (OTHER_FIELD, "", "2025-07-12", "no", "no"), ("employed", "")),
    ("P22", "male", 2007, "05-02", "unknown", "", "", "", ("", "", "", "", ""), None, None),
    ("P23", "non_binary", 2006, "01-25", "unemployed", "isced_3_4", "Helsinki", "",
     ("no", "no", "no", "yes", "yes"), (CO, "", "2025-04-25", "no", "yes"), ("employed", "")),
    ("P24", "non_binary", 2004, "02-25", "inactive", "isced_0_2", "Luhanka", "",
     ("yes", "no", "no", "no", "no"), ("study_place", "started", "2025-05-25", "no", "yes"),
     ("studying", "")),
    ("P25", "non_binary", 2001, "03-25", "long_term_unemployed", "isced_0_2", "Espoo", "",
     NO5, ("study_place", "", "2025-06-25", "no", "no"), ("unemployed", "")),
    ("P26", "non_binary", 1999, "04-25", "employed", "isced_5_8", "Espoo", "", NO5,
     None, None),
    ("P27", "declined", 2005, "05-05", "unemployed", "isced_0_2", "Helsinki", "", DECLINED5,
     (OTHER_FIELD, "", "2025-08-05", "no", "no"), ("employed", "")),
    ("P28", "declined", 2002, "05-15", "inactive", "isced_3_4", "Vaasa", "", NO5,
     ("other", "", "2025-08-15", "yes", "no"), ("", "")),
    ("P29", "", 2000, "06-01", "unknown", "", "", "", None, None, None),
    ("P30", "", 1890, "06-10", "unemployed", "isced_0_2", "Helsinki", "", NO5,
     (CO, "", "2025-06-05", "no", "no"), None),
]  # fmt: skip
#: Outside the period: entered before it and after it.
OUTSIDE = [
    ("X1", "female", 2005, date(2024, 11, 15)),
    ("X2", "male", 2005, date(2025, 7, 5)),
]
IMMIGRANTS = {"P03", "P09", "P11", "P15", "P19"}

# Counted by hand: women, men, non-binary, gender declined, gender not asked, total.
EXPECTED = {
    "participants": (12, 10, 4, 2, 2, 30),
    "unemployed": (5, 5, 2, 1, 1, 14),
    "long_term_unemployed": (2, 2, 1, 0, 0, 5),
    "inactive": (3, 2, 1, 1, 0, 7),
    "employed": (3, 2, 1, 0, 0, 6),
    "status_missing": (1, 1, 0, 0, 1, 3),
    "under_18": (2, 2, 0, 0, 0, 4),
    "age_18_29": (9, 7, 4, 2, 1, 23),
    "age_30_54": (1, 1, 0, 0, 0, 2),
    "age_55": (0, 0, 0, 0, 0, 0),
    "age_missing": (0, 0, 0, 0, 1, 1),
    "isced_0_2": (6, 4, 2, 1, 1, 14),
    "isced_3_4": (4, 3, 1, 1, 0, 9),
    "isced_5_8": (1, 2, 1, 0, 0, 4),
    "isced_missing": (1, 1, 0, 0, 1, 3),
    "disability": (2, 1, 1, 0, 0, 4),
    "disability_no": (8, 7, 3, 1, 1, 20),
    "disability_declined": (1, 1, 0, 1, 0, 3),
    "disability_missing": (1, 1, 0, 0, 1, 3),
    "third_country_national": (2, 2, 0, 0, 0, 4),
    "third_country_national_no": (8, 6, 4, 1, 1, 20),
    "third_country_national_declined": (1, 1, 0, 1, 0, 3),
    "third_country_national_missing": (1, 1, 0, 0, 1, 3),
    "foreign_background": (3, 2, 0, 0, 0, 5),
    "foreign_background_no": (7, 6, 4, 1, 1, 19),
    "foreign_background_declined": (1, 1, 0, 1, 0, 3),
    "foreign_background_missing": (1, 1, 0, 0, 1, 3),
    "minority": (1, 1, 1, 0, 0, 3),
    "minority_no": (9, 7, 3, 1, 1, 21),
    "minority_declined": (1, 1, 0, 1, 0, 3),
    "minority_missing": (1, 1, 0, 0, 1, 3),
    "homeless": (1, 1, 1, 0, 0, 3),
    "homeless_no": (9, 7, 3, 1, 1, 21),
    "homeless_declined": (1, 1, 0, 1, 0, 3),
    "homeless_missing": (1, 1, 0, 0, 1, 3),
    "rural": (3, 2, 1, 0, 0, 6),
    "rural_no": (8, 7, 3, 2, 1, 21),
    "rural_missing": (1, 1, 0, 0, 1, 3),
    "left": (9, 7, 3, 2, 0, 21),
    "not_left": (2, 2, 1, 0, 1, 6),
    "leaving_date_wrong": (1, 1, 0, 0, 1, 3),
    "job_searching": (2, 2, 0, 1, 0, 5),
    "job_searching_no": (6, 4, 3, 1, 0, 14),
    "job_searching_missing": (1, 1, 0, 0, 0, 2),
    "in_education": (2, 1, 1, 0, 0, 4),
    "in_education_no": (7, 6, 1, 2, 0, 16),
    "in_education_missing": (0, 0, 1, 0, 0, 1),
    "qualification": (2, 2, 2, 0, 0, 6),
    "qualification_no": (5, 4, 1, 2, 0, 12),
    "qualification_missing": (2, 1, 0, 0, 0, 3),
    "in_employment": (4, 3, 1, 1, 0, 9),
    "in_employment_no": (5, 4, 2, 1, 0, 12),
    "due": (9, 7, 3, 2, 0, 21),
    "not_due": (3, 3, 1, 0, 2, 9),
    "employed_6": (3, 3, 1, 1, 0, 8),
    "employed_6_no": (4, 3, 2, 0, 0, 9),
    "employed_6_missing": (2, 1, 0, 1, 0, 4),
    "improved": (1, 1, 0, 0, 0, 2),
    "improved_no": (1, 0, 0, 0, 0, 1),
    "improved_missing": (0, 1, 0, 0, 0, 1),
    "improved_not_applicable": (7, 5, 3, 2, 0, 17),
    "immigrants": (3, 2, 0, 0, 0, 5),
    "positive": (6, 4, 2, 1, 0, 13),
}
COLUMNS = ("female", "male", "non_binary", "declined", "not_asked", "total")
#: The project's targets: 30 of 240 participants, 5/30 immigrants, 13/21 employed or studying.
TARGETS = [("30", None), ("5", 16.7), ("13", 61.9)]
#: Every row in the order every format lists them.
ORDER = [row.key for block in BLOCKS for row in block.rows]
UNANSWERED = ("EECO18", "EECO19")


def _day(text: str) -> date:
    if text == FUTURE:
        return clock.today() + timedelta(days=30)
    return date.fromisoformat(text)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def build(group: Group | None = None) -> dict[str, int]:
    ids = {}
    for person in PEOPLE:
        name, gender, born, entry, status, isced, place, rural, answers, outcome, later = person
        client = Client(
            project_id=project_id_of(),
            first_name=name,
            last_name="Esf",
            birth_year=born,
            entry_date=date.fromisoformat(f"2025-{entry}"),
            employment_status=status,
            gender=gender,
            isced_level=isced,
            municipality=place,
            rural_area=rural,
        )
        db.session.add(client)
        if group is not None:
            group.members.append(client)
        db.session.flush()
        ids[name] = client.id
        if answers is not None:
            keys = ("disability", "third_country_national", "foreign_background", "minority")
            db.session.add(
                ClientSensitive(
                    client_id=client.id,
                    immigrant_background=name in IMMIGRANTS,
                    **dict(zip((*keys, "homeless"), answers, strict=True)),
                )
            )
        if outcome is not None:
            kind, study, on, searching, qualification = outcome
            db.session.add(
                Outcome(
                    client_id=client.id,
                    kind=kind,
                    study_status=study,
                    on=_day(on),
                    job_searching=searching,
                    qualification_gained=qualification,
                )
            )
        if later is not None:
            result, improved = later
            db.session.add(
                FollowUp(
                    client_id=client.id,
                    months=6,
                    due_date=add_months(_day(outcome[2]), 6),
                    result=result,
                    improved_situation=improved,
                )
            )
    for name, gender, born, entry in OUTSIDE:
        db.session.add(
            Client(
                project_id=project_id_of(),
                first_name=name,
                last_name="Esf",
                birth_year=born,
                entry_date=entry,
                employment_status="unemployed",
                gender=gender,
                isced_level="isced_0_2",
            )
        )
    db.session.commit()
    return ids


@pytest.fixture
def no_small_cells(monkeypatch):
    monkeypatch.setattr(suppression, "MIN_CELL", 1)


@pytest.fixture
def fixture_ids(app, world, no_small_cells):
    with app.app_context():
        return build()


@pytest.fixture
def computed(app, fixture_ids):
    with app.app_context():
        return report(select(Client.id), PERIOD)


def test_the_fixture_matches_its_description():
    assert len(PEOPLE) == 30 and set(EXPECTED) == set(ORDER)
    ages = {2025 - p[2] for p in PEOPLE if p[2] > 1900}
    assert min(ages) == 16 and max(ages) == 31


@pytest.mark.parametrize("key", list(EXPECTED))
def test_each_indicator(computed, key):
    row = computed.row(key)
    shown = (*(row.cells[g] for g in ("female", "male", "non_binary", "declined", "")), row.total)
    assert shown == EXPECTED[key]
    assert computed.raw[key] == dict(zip(COLUMNS, EXPECTED[key], strict=True))


def _base(block) -> int:
    """Whom a block counts: those who left, those due a 6-month result, or everyone."""
    first = block.rows[0].key
    if block.section == "leaving" and first != "left":
        return EXPECTED["left"][-1]
    if block.section == "later" and first != "due":
        return EXPECTED["due"][-1]
    return EXPECTED["participants"][-1]


def test_each_block_adds_up_to_its_base(computed):
    """Nobody is dropped: every exclusive block counts each participant of its base once."""
    for block in BLOCKS:
        if block.exclusive:
            counted = sum(computed.raw[r.key]["total"] for r in block.rows if not r.within)
            assert counted == _base(block), block.rows[0].key


def test_the_targets(computed):
    assert [(str(t.figure), t.rate) for t in computed.targets] == TARGETS
    assert [t.target for t in computed.targets] == [240, 35, 70]


def _page_rows(html: str) -> dict[str, tuple]:
    out = {}
    for key, body in re.findall(r'<tr id="esf-(\w+)"[^>]*>(.*?)</tr>', html, re.S):
        cells = dict(re.findall(r'<td data-cell="(\w+)">([^<]*)</td>', body))
        out[key] = tuple(int(cells[c]) for c in COLUMNS)
    return out


def test_the_page_shows_the_same_figures(fixture_ids, as_role):
    page = as_role("admin").get(f"/reports/esf?{QUERY}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _page_rows(html) == EXPECTED
    assert "EECO18" in html and "EECO19" in html  # what Polku cannot answer is said
    assert "16,7\xa0%" in html and "61,9\xa0%" in html  # the reader's number format


def _as_numbers(values) -> tuple:
    return tuple(int(v) for v in values)


def test_the_csv_shows_the_same_figures(fixture_ids, as_role):
    response = as_role("admin").get(f"/reports/esf.csv?{QUERY}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert_csv(response.get_data(as_text=True))


def assert_csv(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    figures = [r for r in rows[1:] if len(r) == 10 and r[1] not in UNANSWERED]
    assert len(figures) == len(ORDER)
    for key, row in zip(ORDER, figures, strict=True):
        # total first, then the genders
        numbers = _as_numbers(row[3:9])
        assert (*numbers[1:], numbers[0]) == EXPECTED[key], key


def test_the_workbook_shows_the_same_figures(fixture_ids, as_role):
    response = as_role("admin").get(f"/reports/esf.xlsx?{QUERY}")
    assert response.status_code == 200
    assert_xlsx(response.get_data())


def assert_xlsx(body: bytes) -> None:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    rows = [
        r
        for r in sheet.iter_rows(values_only=True)
        if len(r) > 8 and (isinstance(r[5], int) or r[5] in ("<5", "x")) and r[0] not in UNANSWERED
    ]
    assert len(rows) == len(ORDER)
    for key, row in zip(ORDER, rows, strict=True):
        numbers = tuple(row[2:8])
        assert (*numbers[1:], numbers[0]) == EXPECTED[key], key
        assert row[8] is not None or key not in ("participants", "unemployed", "improved")


def test_the_command_shows_the_same_figures(app, fixture_ids, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["reports", "esf", "--from", "2025-01", "--to", "2025-06", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert_csv(result.output)
    target = tmp_path / "esf.xlsx"
    result = runner.invoke(
        args=[
            "reports",
            "esf",
            "--from",
            "2025-01",
            "--to",
            "2025-06",
            "--format",
            "xlsx",
            "--output",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert_xlsx(target.read_bytes())
    text = runner.invoke(args=["reports", "esf", "--from", "2025-01", "--to", "2025-06"]).output
    line = next(line for line in text.splitlines() if line.startswith("EECO01"))
    assert line.split()[-6:] == ["30", "12", "10", "4", "2", "2"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2025-06", "--to", "2025-01"], "cannot end before it starts"),
        (["--from", "2025-13", "--to", "2025-14"], "YYYY-MM"),
        (["--from", "June", "--to", "2025-06"], "YYYY-MM"),
        (["--from", "1990-01", "--to", "1990-12"], "2000"),
        (["--from", "2025-01", "--to", "2025-06", "--group", "999999"], "no group"),
        (["--from", "2025-01", "--to", "2025-06", "--format", "pdf"], "pdf"),
    ],
)
def test_the_command_refuses_bad_input(app, args, message):
    result = app.test_cli_runner().invoke(args=["reports", "esf", *args])
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize(
    "query, status",
    [
        ("start=2025-06-30&end=2025-01-01", 400),
        ("start=2025-02-31&end=2025-06-30", 400),
        ("start=yesterday", 400),
        ("start=2025-01-01&end=2025-06-30&group=999999", 404),
        ("start=2025-01-01&end=2025-06-30&group=abc", 400),
    ],
)
def test_the_page_refuses_bad_input(world, as_role, query, status):
    admin = as_role("admin")
    for url in ("/reports/esf", "/reports/esf.csv", "/reports/esf.xlsx"):
        response = admin.get(f"{url}?{query}")
        assert response.status_code == status, (url, query)
        if status == 400:
            assert "error" in response.get_data(as_text=True)


def test_only_the_manager_sees_the_report(world, as_role):
    for role in ("coach", "employer", "client_user"):
        for url in ("/reports/esf", "/reports/esf.csv"):
            assert as_role(role).get(url).status_code in (403, 404), (role, url)


def test_a_bad_date_makes_no_figures_outside_sane_bounds(computed, app):
    """The outcome dated 1990 (P12) and the one before entry (P30) are counted as impossible
    leaving dates; 1990 is no period of its own."""
    assert computed.raw["leaving_date_wrong"]["total"] == 3
    with app.app_context():
        old = report(select(Client.id), Filters(start=date(1990, 1, 1), end=date(1990, 12, 31)))
    assert all(values["total"] == 0 for values in old.raw.values())


def test_a_group_filter(app, no_small_cells, as_role, world):
    with app.app_context():
        group = db.session.scalar(
            select(Group).where(Group.id == world.group.id).options(selectinload(Group.members))
        )
        build(group)
        in_group = report(select(Client.id), Filters(PERIOD.start, PERIOD.end, group.id))
    # The group also has the world's client, who entered outside the period.
    assert in_group.raw["participants"]["total"] == 30


def test_small_cells_are_protected(app, as_role, world):
    with app.app_context():
        build()
    text = as_role("admin").get(f"/reports/esf.csv?{QUERY}").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))[1:]
    figures = [v for r in rows if len(r) > 8 for v in r[3:9]]
    assert "<5" in figures
    assert not [v for v in figures if v in {"1", "2", "3", "4"}]
