"""Importing young people and partner companies from CSV and XLSX files: the upload, the
preview of every row, and the commit of all rows at once or none."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from openpyxl import Workbook
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import AuditEvent, Client, Company, Group, User, group_members
from tests.conftest import add_group_clients, count_queries
from tests.support.browser import form_fields
from tests.support.world import more_projects

PEOPLE = "/imports/clients"
COMPANIES = "/imports/companies"
HEADER = ["etunimi", "sukunimi", "syntymävuosi", "sähköposti", "puhelin", "tulopäivä"]
YEAR = clock.today().year - 20


@pytest.fixture(autouse=True)
def own_job_files(app, tmp_path, monkeypatch):
    """Previews in a folder of the test's own: another test's clock moved days ahead (the
    job files' cleaning) must not remove them meanwhile."""
    monkeypatch.setitem(app.config, "JOB_FILES", str(tmp_path))


def _csv(rows: list[list[str]], delimiter: str = ";", bom: bool = True) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return (codecs.BOM_UTF8 if bom else b"") + out.getvalue().encode()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(browser, data: bytes, name: str = "nuoret.csv", url: str = PEOPLE, **fields):
    sent = {"file": (io.BytesIO(data), name), **fields}
    return browser.post(url, sent, content_type="multipart/form-data")


def _preview(browser, data: bytes, **kw) -> str:
    """Upload ``data``; the preview's address."""
    uploaded = _upload(browser, data, **kw)
    assert uploaded.status_code == 303, uploaded.get_data(as_text=True)[:2000]
    return uploaded.headers["Location"]


def _count(app, model=Client) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def _people(first: str, last: str, email: str = "", phone: str = "") -> list[str]:
    return [first, last, str(YEAR), email, phone, ""]


def _english(browser) -> None:
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def _open_group(app, world) -> int:
    """A group of the coach that starts next week: new young people may join it."""
    with app.app_context():
        group = Group(
            project_id=world.project.id,
            name="Syksy",
            start_date=clock.today() + timedelta(days=7),
            end_date=clock.today() + timedelta(days=14),
            coaches=[db.session.get(User, world.coach.id)],
        )
        db.session.add(group)
        db.session.commit()
        return group.id


def test_a_coach_imports_a_csv_into_their_group_after_the_preview(app, world, as_role):
    group_id = _open_group(app, world)
    coach = as_role("coach")
    page = coach.get(PEOPLE).get_data(as_text=True)
    assert "etunimi" in page and "first_name" in page
    rows = [
        HEADER,
        _people("Sanni", "Mäkelä", "sanni@example.fi", "040 111 2233"),
        ["Juho", "Laine", str(YEAR), "", "", "1.9.2025"],
    ]
    before = _count(app)
    url = _preview(coach, _csv(rows), group_id=str(group_id), coach_id=str(world.coach.id))
    shown = coach.get(url)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "Sanni Mäkelä" in html and "Juho Laine" in html
    assert _count(app) == before  # the preview saves nothing
    reason = {"exception_reason": "Kaksi aloittaa etukäteen"}  # two members: outside 8-15
    saved = coach.post(url, reason)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/clients/")
    assert _count(app) == before + 2
    with app.app_context():
        made = db.session.scalars(select(Client).where(Client.last_name.in_(["Mäkelä", "Laine"])))
        by_name = {c.last_name: c for c in made}
        assert by_name["Laine"].entry_date.isoformat() == "2025-09-01"
        assert by_name["Mäkelä"].coach_id == world.coach.id
        assert by_name["Mäkelä"].email == "sanni@example.fi"
        members = db.session.scalars(
            select(group_members.c.client_id).where(group_members.c.group_id == group_id)
        ).all()
        assert {c.id for c in by_name.values()} <= set(members)
        events = db.session.execute(select(AuditEvent.action, AuditEvent.purpose)).all()
    assert ("client.import", "nuoret.csv: 2 of 2 rows") in events
    assert sum(1 for action, _ in events if action == "client.create") == 2
    assert not list((Path(app.config["JOB_FILES"]) / "imports").glob(url.rsplit("/", 1)[1] + "*"))


def _saved_values(data: bytes, values: dict[str, str]) -> bytes:
    """``data`` with a saved value beside each formula of ``values`` (by cell, as a
    spreadsheet program saves them; openpyxl writes formulas without one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for cell, value in values.items():
                    found = rf'<c r="{cell}">(<f>.*?</f>)<v\s*/>'
                    text = re.sub(found, rf'<c r="{cell}" t="str">\1<v>{value}</v>', text)
                content = text.encode()
            target.writestr(part, content)
    return out.getvalue()


def test_an_xlsx_formula_comes_in_as_its_saved_value_and_dates_and_numbers(app, world, as_role):
    coach = as_role("coach")
    today = clock.today()
    rows = [
        ["First name", "Last name", "Birth year", "Entry date", "Municipality", "Phone"],
        ["=PROPER(G2)", "Heino", YEAR, today - timedelta(days=3), "=1+1", "+358 40 765 4321"],
        ['=HYPERLINK("http://x.test","Outi")', "Salo", float(YEAR), None, "@SUM(A1)", ""],
    ]
    data = _saved_values(_xlsx(rows), {"A2": "Ville", "E2": "2", "A3": "Outi"})
    url = _preview(coach, data, name="nuoret.xlsx")
    html = coach.get(url).get_data(as_text=True)
    assert "PROPER" not in html and "HYPERLINK" not in html and "Ville Heino" in html
    assert coach.post(url, {}).status_code == 302
    with app.app_context():
        heino = db.session.scalar(select(Client).where(Client.last_name == "Heino"))
        salo = db.session.scalar(select(Client).where(Client.last_name == "Salo"))
        assert heino.first_name == "Ville" and heino.municipality == "2"
        assert heino.phone == "+358 40 765 4321"
        assert heino.entry_date == today - timedelta(days=3) and heino.birth_year == YEAR
        assert salo.first_name == "Outi"
        assert salo.municipality == "@SUM(A1)" and salo.entry_date == today


def test_an_xlsx_formula_without_a_saved_value_is_an_error_of_its_cell(app, world, as_role):
    coach = as_role("coach")
    rows = [
        ["etunimi", "sukunimi", "syntymävuosi"],
        ["=PROPER(D2)", "Heino", YEAR],
        ["Outi", "Salo", "=YEAR(TODAY())-20"],
        ["=A2", "=B2", "=C2"],  # nothing but formulas: still a row
    ]
    url = _preview(coach, _xlsx(rows), name="nuoret.xlsx")
    html = coach.get(url).get_data(as_text=True)
    unsaved = "Tämän solun kaavalla ei ole tallennettua arvoa"
    assert f"Rivi 2, sarake etunimi: {unsaved}" in html
    assert f"Rivi 3, sarake syntymävuosi: {unsaved}" in html
    assert html.count(unsaved) == 2 * 5  # each once in the summary, once at its row
    before = _count(app)
    assert coach.post(url, {}).status_code == 400
    assert _count(app) == before


def test_csv_text_that_looks_like_a_formula_is_data_as_typed(app, world, as_role):
    coach = as_role("coach")
    rows = [
        ["etunimi", "sukunimi", "syntymävuosi", "kotikunta", "puhelin"],
        ['=HYPERLINK("http://x.test","y")', "Salo", str(YEAR), "=1+1", "+358 40 765 4321"],
        ["Ville", "Heino", str(YEAR), "@SUM(A1)", "-"],
    ]
    url = _preview(coach, _csv(rows))
    html = coach.get(url).get_data(as_text=True)
    assert '<a href="http://x.test"' not in html and "=HYPERLINK(" in html
    assert coach.post(url, {}).status_code == 302
    with app.app_context():
        salo = db.session.scalar(select(Client).where(Client.last_name == "Salo"))
        heino = db.session.scalar(select(Client).where(Client.last_name == "Heino"))
        assert salo.first_name == '=HYPERLINK("http://x.test","y")'
        assert salo.municipality == "=1+1" and salo.phone == "+358 40 765 4321"
        assert heino.municipality == "@SUM(A1)"
    today = clock.today()
    period = {"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()}
    admin = as_role("admin")
    text = admin.get("/reports/clients.csv", query_string=period).get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=1+1" in cells and "=1+1" not in cells


def test_each_error_names_its_row_and_column_in_finnish_and_nothing_is_saved(app, world, as_role):
    coach = as_role("coach")
    rows = [
        HEADER,
        _people("Sanni", "Mäkelä"),
        ["", "Laine", str(YEAR), "", "", ""],
        ["Juho", "Salo", str(YEAR), "ei osoite", "", ""],
        ["Outi", "Aho", str(YEAR), "", "", "31.2.2025"],
        ["Pekka", "Oja", "vanha", "", "", ""],
    ]
    before = _count(app)
    url = _preview(coach, _csv(rows))
    page = coach.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Rivi 3, sarake etunimi: Pakollinen." in html
    assert "Rivi 4, sarake sähköposti: Virheellinen sähköpostiosoite." in html
    assert (
        "Rivi 5, sarake tulopäivä: Kirjoita päivämäärä muodossa 31.12.2025 tai 2025-12-31." in html
    )
    assert "Rivi 6, sarake syntymävuosi: Anna syntymävuosi neljällä numerolla." in html
    assert 'href="#row-3"' in html and 'id="row-3"' in html
    assert "Tuo rivit" not in html  # no commit button while a row has an error
    forced = coach.post(url, {})
    assert forced.status_code == 400
    assert "Mitään ei tallennettu" in forced.get_data(as_text=True)
    assert _count(app) == before


def test_the_messages_follow_the_user_s_language(app, world, as_role):
    coach = as_role("coach")
    _english(coach)
    rows = [HEADER, ["Juho", "Salo", str(YEAR), "not an address", "", "2025-13-01"]]
    html = coach.get(_preview(coach, _csv(rows))).get_data(as_text=True)
    assert "Row 2, column sähköposti: Invalid email address." in html
    assert "Row 2, column tulopäivä: Write the date as 31.12.2025 or 2025-12-31." in html


def test_likely_duplicates_wait_for_a_choice_and_are_left_out_without_one(app, world, as_role):
    coach = as_role("coach")
    rows = [
        HEADER,
        ["Aino", "Virtanen", "2004", "", "", ""],  # the coach's young person
        ["Eetu", "Korhonen", "2003", "", "", ""],  # another coach's: not revealed
        _people("Sanni", "Mäkelä", "sanni@example.fi"),
        _people("Sanni", "Makela", "sanni.m@example.fi"),  # likely row 4 again
        _people("Juho", "Laine", "", "040 123 4567"),
        _people("Jussi", "Laine", "", "+358 40 123 4567"),  # the same phone
    ]
    before = _count(app)
    url = _preview(coach, _csv(rows))
    html = coach.get(url).get_data(as_text=True)
    assert f'href="/clients/{world.client.id}"' in html
    assert "Korhonen" in html and f"/clients/{world.other_client.id}" not in html
    assert 'name="new_2"' in html and 'name="new_5"' in html and 'name="new_7"' in html
    assert 'name="new_3"' not in html and 'name="new_4"' not in html
    assert "Todennäköisesti sama kuin tiedoston rivi 4" in html
    saved = coach.post(url, {"new_5": "yes"})
    assert saved.status_code == 302
    assert _count(app) == before + 4  # Korhonen, both Sannis, Juho; Aino and Jussi left out
    with app.app_context():
        names = db.session.scalars(select(Client.first_name)).all()
        reads = db.session.scalars(
            select(AuditEvent.client_id).where(AuditEvent.object_type == "client.duplicate")
        ).all()
    assert names.count("Aino") == 1 and "Jussi" not in names and names.count("Sanni") == 2
    assert world.client.id in reads  # showing a likely duplicate is a read of their data
    assert world.other_client.id not in reads


def test_the_same_young_person_twice_in_one_file_is_an_error(app, world, as_role):
    coach = as_role("coach")
    rows = [
        HEADER,
        _people("Sanni", "Mäkelä", "sanni@example.fi"),
        _people("sanni", "mäkelä", "SANNI@example.fi"),
    ]
    html = coach.get(_preview(coach, _csv(rows))).get_data(as_text=True)
    assert "Rivi 3: Sama nuori kuin rivillä 2." in html


def test_a_rule_refusing_one_row_on_saving_leaves_the_whole_file_unsaved(
    app, world, as_role, monkeypatch
):
    from portal.clients import services as client_services
    from portal.imports import services

    calls = []

    def add_or_refuse(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuleError("Ei käy.", field="first_name")
        return client_services.add_client(*args, **kwargs)

    monkeypatch.setattr(services, "add_client", add_or_refuse)
    coach = as_role("coach")
    before = _count(app)
    url = _preview(coach, _csv([HEADER, _people("Ville", "Heino"), _people("Outi", "Aho")]))
    refused = coach.post(url, {})
    assert refused.status_code == 400
    assert "Rivi 3, sarake etunimi: Ei käy." in refused.get_data(as_text=True)
    assert _count(app) == before and len(calls) == 2
    with app.app_context():
        assert not db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "client.create")
        )


def test_a_double_submit_stores_once_and_another_tab_cannot_store_again(
    app, world, as_role, monkeypatch
):
    from portal.imports import views

    checks = []
    check = views.check_preview
    monkeypatch.setattr(views, "check_preview", lambda p: checks.append(check(p)) or checks[-1])
    coach = as_role("coach")
    rows = [HEADER, _people("Ville", "Heino"), _people("Outi", "Aho")]
    url = _preview(coach, _csv(rows), coach_id=str(world.coach.id))  # as a browser sends it
    key = url.rsplit("/", 1)[1]
    kept = Path(app.config["JOB_FILES"]) / "imports" / f"{key}.json"
    copy = kept.read_bytes()
    other_tab, third_tab = form_fields(coach, url), form_fields(coach, url)
    before_any = checks[-1]
    fields = form_fields(coach, url)
    before = _count(app)
    first = coach.post(url, fields)
    again = coach.post(url, fields)
    assert first.status_code == again.status_code == 302
    assert _count(app) == before + 2
    assert not kept.exists()
    # The file kept again (as if the second tab's request had read it before the first
    # removed it): checked now, its rows are in Polku, so nothing is saved.
    kept.write_bytes(copy)
    late = coach.post(url, other_tab)
    assert late.status_code == 409
    assert _count(app) == before + 2
    # Checked before the first saved (two requests at once): the preview's own one-time
    # claim refuses the second.
    monkeypatch.setattr(views, "check_preview", lambda p: before_any)
    raced = coach.post(url, third_tab)
    assert raced.status_code == 400
    assert "Tiedosto on jo tuotu" in raced.get_data(as_text=True)
    assert _count(app) == before + 2


def test_another_coach_can_neither_see_nor_commit_your_preview(app, world, as_role):
    coach = as_role("coach")
    url = _preview(coach, _csv([HEADER, _people("Ville", "Heino")]))
    other = as_role("other_coach")
    before = _count(app)
    assert other.get(url).status_code == 404
    assert other.post(url, {}).status_code == 404
    assert as_role("admin").get(url).status_code == 404  # bound to the one who uploaded
    assert _count(app) == before
    assert coach.post(url, {}).status_code == 302
    assert _count(app) == before + 1


def test_only_groups_the_coach_may_add_to(app, world, as_role):
    coach = as_role("coach")
    refused = _upload(
        coach, _csv([HEADER, _people("Ville", "Heino")]), group_id=str(world.other_group.id)
    )
    assert refused.status_code == 400
    url = _preview(coach, _csv([HEADER, _people("Ville", "Heino")]))
    kept = Path(app.config["JOB_FILES"]) / "imports" / f"{url.rsplit('/', 1)[1]}.json"
    content = json.loads(kept.read_text())
    content["options"]["group_id"] = world.other_group.id  # the other coach's group
    kept.write_text(json.dumps(content))
    before = _count(app)
    page = coach.get(url).get_data(as_text=True)
    assert "Ryhmään ei voi enää lisätä jäseniä" in page
    assert coach.post(url, {}).status_code == 400
    assert _count(app) == before


@pytest.mark.parametrize("role", ["employer", "client_user"])
def test_employers_and_young_people_are_refused(app, world, as_role, role):
    browser = as_role(role)
    for url in (PEOPLE, COMPANIES, PEOPLE + "/template.csv", COMPANIES + "/template.csv"):
        assert browser.get(url).status_code == 403
    assert _upload(browser, _csv([HEADER, _people("A", "B")])).status_code == 403
    assert as_role("coach").get(COMPANIES).status_code == 403


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"etunimi;sukunimi\n" + b"x" * (2 * 1024 * 1024), "iso.csv", "suurempi kuin 2 Mt"),
        ("etunimi;sukunimi;syntymävuosi\nJärvi;Ö;2004\n".encode("latin-1"), "a.csv", "UTF-8"),
        ("etunimi,sukunimi\n".encode("utf-16"), "a.csv", "UTF-8"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "vanha.xls", ".xlsx"),
        (b"PK\x03\x04 not really a zip", "rikki.xlsx", "CSV- tai XLSX"),
        (b"", "tyhja.csv", "ensimmäisellä rivillä"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(app, world, as_role, data, name, says):
    coach = as_role("coach")
    refused = _upload(coach, data, name=name)
    assert refused.status_code == 400
    assert says in refused.get_data(as_text=True)


def test_too_many_rows_are_refused(app, world, as_role):
    rows = [HEADER] + [_people(f"Etu{i}", "Suku") for i in range(2001)]
    refused = _upload(as_role("coach"), _csv(rows))
    assert refused.status_code == 400
    assert "yli 2000 riviä" in refused.get_data(as_text=True)


def test_commas_without_a_byte_order_mark_and_english_names(app, world, as_role):
    coach = as_role("coach")
    rows = [
        ["First Name", "last-name", "BIRTH_YEAR", "has vocational qualification", "goal", "hetu"],
        ["Ville", "Heino", str(YEAR), "kyllä", "Työllistyminen", "010101-123A"],
    ]
    url = _preview(coach, _csv(rows, delimiter=",", bom=False))
    html = coach.get(url).get_data(as_text=True)
    assert "Näitä sarakkeita ei tuoda: hetu." in html
    assert coach.post(url, {}).status_code == 302
    with app.app_context():
        heino = db.session.scalar(select(Client).where(Client.last_name == "Heino"))
        assert heino.has_vocational_qualification and heino.goal == "employment"


def test_excel_s_separator_line_and_line_breaks_inside_a_cell(app, world, as_role):
    coach = as_role("coach")
    data = (
        "sep=;\r\netunimi;sukunimi;syntymävuosi;työhistoria\r\n"
        f'Ville;Heino;{YEAR};"Kesätyö\r\nvarastolla"\r\n'
        f"Outi;;{YEAR};\r\n"
    ).encode()
    html = coach.get(_preview(coach, data)).get_data(as_text=True)
    assert "Rivi 3, sarake sukunimi: Pakollinen." in html  # the row as Excel numbers it
    assert "Rivi 2: Ville Heino" in html


def test_a_missing_required_column_blocks_the_file(app, world, as_role):
    coach = as_role("coach")
    url = _preview(coach, _csv([["etunimi", "syntymävuosi"], ["Ville", str(YEAR)]]))
    html = coach.get(url).get_data(as_text=True)
    assert "sukunimi" in html and "last_name" in html
    before = _count(app)
    assert coach.post(url, {}).status_code == 400
    assert _count(app) == before


def test_what_changed_since_the_preview_is_shown_again_before_saving(app, world, as_role):
    coach = as_role("coach")
    url = _preview(coach, _csv([HEADER, _people("Ville", "Heino"), _people("Outi", "Aho")]))
    fields = form_fields(coach, url)
    with app.app_context():
        db.session.add(
            Client(
                project_id=world.project.id,
                first_name="Ville",
                last_name="Heino",
                birth_year=YEAR,
                coach_id=world.coach.id,
            )
        )
        db.session.commit()
    before = _count(app)
    changed = coach.post(url, fields)
    assert changed.status_code == 409
    assert 'name="new_2"' in changed.get_data(as_text=True)
    assert _count(app) == before
    assert coach.post(url, {}).status_code == 302  # as shown now: Ville left out
    assert _count(app) == before + 1


def test_an_expired_preview_is_gone(app, world, as_role):
    coach = as_role("coach")
    url = _preview(coach, _csv([HEADER, _people("Ville", "Heino")]))
    kept = Path(app.config["JOB_FILES"]) / "imports" / f"{url.rsplit('/', 1)[1]}.json"
    then = (clock.utcnow() - timedelta(hours=3)).timestamp()
    os.utime(kept, (then, then))  # its age is its file's
    assert coach.get(url).status_code == 404
    assert not kept.exists()
    left = _preview(coach, _csv([HEADER, _people("Outi", "Aho")]))
    with freeze_time(clock.utcnow() + timedelta(hours=1, minutes=59)):
        cleaned = app.test_cli_runner().invoke(args=["imports", "clean"])
    assert "0 import previews removed" in cleaned.output
    with freeze_time(clock.utcnow() + timedelta(hours=2, minutes=1)):
        cleaned = app.test_cli_runner().invoke(args=["imports", "clean"])
    assert "1 import previews removed" in cleaned.output
    assert coach.get(left).status_code == 404
    assert coach.get(PEOPLE + "/" + "x" * 32).status_code == 404


def test_the_admin_imports_companies_checked_as_the_company_form(app, world, as_role):
    admin = as_role("admin")
    header = ["nimi", "y-tunnus", "toimiala", "postinumero", "kaupunki"]
    rows = [
        header,
        ["Uusi Oy", "1572860-0", "kauppa", "100", "Helsinki"],
        ["Väärä Oy", "1572860-1", "", "", ""],
        ["", "2914650-5", "", "", ""],
        ["Varasto Oy", "2914650-5", "", "", ""],
        ["Uusi Oy uudestaan", "1572860-0", "", "", ""],
    ]
    before = _count(app, Company)
    url = _preview(admin, _csv(rows), name="yritykset.csv", url=COMPANIES)
    html = admin.get(url).get_data(as_text=True)
    assert "Rivi 3, sarake y-tunnus: Anna kelvollinen Y-tunnus, esimerkiksi 1572860-0." in html
    assert "Rivi 4, sarake nimi: Pakollinen." in html
    assert "Rivi 6, sarake y-tunnus: Sama Y-tunnus kuin rivillä 2." in html
    assert admin.post(url, {}).status_code == 400
    assert _count(app, Company) == before
    url = _preview(admin, _csv([header, rows[1], rows[4]]), name="yritykset.csv", url=COMPANIES)
    html = admin.get(url).get_data(as_text=True)
    assert "on Polussa nimellä Varasto Oy" in html
    saved = admin.post(url, {})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/admin/companies")
    assert _count(app, Company) == before + 1
    with app.app_context():
        made = db.session.scalar(select(Company).where(Company.name == "Uusi Oy"))
        assert (made.business_id, made.postal_code, made.status) == ("1572860-0", "00100", "active")
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "company.import" in actions and "company.create" in actions


def test_templates_and_links(app, world, as_role):
    coach = as_role("coach")
    assert 'href="/imports/clients"' in coach.get("/clients/").get_data(as_text=True)
    template = coach.get(PEOPLE + "/template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    text = template.data.decode("utf-8")
    assert text.startswith("\ufeffetunimi;sukunimi;syntymävuosi")
    admin = as_role("admin")
    assert 'href="/imports/companies"' in admin.get("/admin/companies").get_data(as_text=True)
    _english(admin)
    header = admin.get(COMPANIES + "/template.csv").data.decode("utf-8")
    assert header.startswith("\ufeffname,business_id,industry")
    # The template read back is a file without rows: nothing to import.
    url = _preview(admin, header.encode(), url=COMPANIES)
    empty = admin.get(url).get_data(as_text=True)
    assert "Rows in the file: 0" in empty and "Import the rows" not in empty
    assert admin.post(url, {}).status_code == 400


def test_only_projects_the_coach_works_in(app, world, as_role):
    theirs, not_theirs = more_projects(app, world)
    coach = as_role("coach")
    data = _csv([HEADER, _people("Ville", "Heino")])
    assert _upload(coach, data, project_id=str(not_theirs)).status_code == 400
    url = _preview(coach, data, project_id=str(theirs))
    assert coach.post(url, {}).status_code == 302
    with app.app_context():
        heino = db.session.scalar(select(Client).where(Client.last_name == "Heino"))
        assert heino.project_id == theirs


def test_the_preview_costs_a_few_statements_a_row_whatever_polku_holds(app, world, as_role):
    coach = as_role("coach")
    two = _preview(coach, _csv([HEADER, _people("Ville", "Heino"), _people("Outi", "Aho")]))
    four = _preview(
        coach,
        _csv([HEADER, *(_people(f"Etu{i}", f"Suku{i}", f"e{i}@example.fi") for i in range(4))]),
    )
    coach.get(two)
    with count_queries(app) as small:
        assert coach.get(two).status_code == 200
    add_group_clients(app, world, 200)
    with count_queries(app) as large:
        assert coach.get(two).status_code == 200
    with count_queries(app) as longer:
        assert coach.get(four).status_code == 200
    assert len(small) == len(large)
    assert len(longer) - len(large) <= 2 * 3  # at most three statements a row


def test_a_coach_without_a_project_is_told_so_not_a_500(app, world, as_role):
    from portal.models import project_coaches

    with app.app_context():
        db.session.execute(
            project_coaches.delete().where(project_coaches.c.user_id == world.coach.id)
        )
        db.session.commit()
    refused = _upload(as_role("coach"), _csv([HEADER, _people("Ville", "Heino")]))
    assert refused.status_code == 400
    assert "Valitse hanke, jossa työskentelet." in refused.get_data(as_text=True)
