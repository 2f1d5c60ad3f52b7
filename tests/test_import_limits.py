"""What an import refuses, or reads no further, whatever a file claims: a huge cell, more text
than a preview should hold, a zip that unpacks large, too many columns, a sheet formatted far
below its data; the kept previews' age, their leftovers and their keys; the members page's
group size rule on an import into a group."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.imports import files, previews
from portal.models import Client, Group, User, group_members
from tests.test_import import HEADER, _count, _csv, _open_group, _people, _preview


@pytest.fixture(autouse=True)
def own_job_files(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_FILES", str(tmp_path))


def _shared(text: str, rows: int, columns: int) -> bytes:
    """An XLSX whose every cell below the header names one shared string: small however
    many cells repeat it."""
    cells = '<c t="s"><v>1</v></c>' * columns
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c t="s"><v>0</v></c></row>'
        + "".join(f'<row r="{n}">{cells}</row>' for n in range(2, rows + 2))
        + "</sheetData></worksheet>"
    )
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>etunimi</t></si><si><t>{text}</t></si></sst>"
    )
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(out)
    made = io.BytesIO()
    with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = sheet.encode()
            elif part.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}" />'
                content = content.replace(b"</Types>", override.encode() + b"</Types>")
            target.writestr(part.filename, content)
        target.writestr("xl/sharedStrings.xml", strings)
    return made.getvalue()


def _refused(app, data: bytes) -> str:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(files.FileRefused) as refused:
            files.read_table(data)
        return str(refused.value.message)


def _read(app, data: bytes) -> files.Table:
    with app.test_request_context():
        return files.read_table(data)


def test_a_cell_longer_than_any_field_is_refused_before_it_is_copied(app):
    bomb = _shared("x" * (files.MAX_CELL + 1), rows=1000, columns=60)
    assert len(bomb) < 20_000  # a small file naming one long string 60,000 times
    said = _refused(app, bomb)
    assert "Row 2 has a cell longer than 4000 characters" in said
    longest = _csv([["etunimi"], ["x" * files.MAX_CELL], ["y" * (files.MAX_CELL + 1)]])
    assert "Row 3 has a cell longer than 4000" in _refused(app, longest)
    assert _read(app, _shared("x" * files.MAX_CELL, rows=1, columns=1)).rows[0][1][0]


def test_more_text_than_a_preview_should_hold_is_refused(app, monkeypatch):
    many = _shared("x" * 3000, rows=50, columns=60)  # 9,000,000 characters from a few KB
    assert "too much text" in _refused(app, many)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 10_000)  # 40,000 characters
    rows = [["etunimi", "sukunimi"]] + [["x" * 1000, "y" * 1000] for _ in range(19)]
    assert len(_read(app, _csv(rows)).rows) == 19  # 38,015 characters; one more row: 40,015
    assert "too much text" in _refused(app, _csv([*rows, ["z" * 1000, "w" * 1000]]))


def test_a_zip_that_unpacks_to_more_than_ten_megabytes_is_refused(app):
    book = Workbook()
    book.active.append(["etunimi"])
    book.active.append(["Ville"])
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("docProps/padding.bin", b"\0" * (10 * 1024 * 1024))
    assert len(out.getvalue()) < 100_000
    assert "could not be read as CSV or XLSX" in _refused(app, out.getvalue())
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        small = {p.filename: archive.read(p) for p in archive.infolist()}
    small["docProps/padding.bin"] = b"\0" * (9 * 1024 * 1024)
    fits = io.BytesIO()
    with zipfile.ZipFile(fits, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in small.items():
            archive.writestr(name, content)
    assert _read(app, fits.getvalue()).rows[0][1][0] == "Ville"


def test_columns_past_the_sixtieth_are_not_read(app):
    header = [f"sarake{i}" for i in range(64)] + ["etunimi"]
    table = _read(app, _csv([header, ["x"] * 65]))
    assert len(table.headers) == files.MAX_COLUMNS and "etunimi" not in table.headers
    book = Workbook()
    book.active.append(header)
    out = io.BytesIO()
    book.save(out)
    assert len(_read(app, out.getvalue()).headers) == files.MAX_COLUMNS


def test_only_rows_with_content_count_and_formatting_far_below_is_not_read(app, monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.append(["etunimi", "sukunimi"])
    sheet.append(["Ville", "Heino"])
    for row in range(3, 25_001):  # formatted down to row 25,000, nothing in it
        sheet.cell(row=row, column=1).fill = PatternFill("solid", fgColor="FFFF00")
    out = io.BytesIO()
    book.save(out)
    table = _read(app, out.getvalue())
    assert [(n, cells[:2]) for n, cells in table.rows] == [(2, ["Ville", "Heino"])]
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 3)
    rows = [["etunimi"]] + [[f"Etu{i}"] if i % 500 == 0 else [""] for i in range(1, 1501)]
    assert len(_read(app, _csv(rows)).rows) == 3  # 1,500 rows, three of them with content
    far = rows + [[""]] * 1001 + [["Myöhään"]]  # after a long run of empty rows: not read
    assert [cells for _, cells in _read(app, _csv(far)).rows][-1] == ["Etu1500"]


def _kept(app) -> Path:
    folder = Path(app.config["JOB_FILES"]) / previews.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _age(path: Path, hours: float) -> None:
    then = (clock.utcnow() - timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def test_previews_expire_by_their_file_s_age_and_leftovers_go_too(app):
    folder = _kept(app)
    unreadable = folder / ("a" * 32 + ".json")
    unreadable.write_text("not json")  # someone's being written, or damaged: not opened
    left = folder / ("b" * 32 + ".part")
    left.write_text("{")
    fresh_left = folder / ("c" * 32 + ".part")
    fresh_left.write_text("{")
    other = folder / "notes.txt"
    other.write_text("x")
    _age(left, 3)
    _age(other, 30)
    with app.app_context():
        assert previews.remove_expired() == 1
        assert unreadable.exists() and not left.exists() and fresh_left.exists()
        _age(unreadable, 2.1)
        assert previews.remove_expired() == 1 and not unreadable.exists()
    assert other.exists()


def test_a_failed_write_leaves_no_part_behind(app, world, monkeypatch):
    def full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with app.test_request_context():
        user = db.session.get(User, world.coach.id)
        with pytest.raises(OSError):
            previews.save(user, "people", "a.csv", files.Table(["etunimi"]), {})
    assert list(_kept(app).iterdir()) == []


def test_a_key_that_leads_out_of_the_folder_loads_nothing(app, world):
    folder = _kept(app)
    with app.test_request_context():
        user = db.session.get(User, world.coach.id)
        key = previews.save(user, "people", "a.csv", files.Table(["etunimi"], [(2, ["V"])]), {})
        assert previews.load(key, user, "people") is not None
        beside = folder.parent / ("x" * 29 + ".json")  # beside the folder, not in it
        beside.write_text((folder / f"{key}.json").read_text())
        assert previews.load("../" + "x" * 29, user, "people") is None
        assert previews.load("..%2F" + "x" * 27, user, "people") is None
    assert beside.exists()


def _members(app, group_id: int, world, n: int) -> None:
    with app.app_context():
        clients = [
            Client(
                first_name=f"Jäsen{i}",
                last_name="Ryhmä",
                birth_year=2001,
                coach_id=world.coach.id,
                project_id=world.project.id,
            )
            for i in range(n)
        ]
        db.session.add_all(clients)
        db.session.flush()
        db.session.execute(
            group_members.insert(), [{"group_id": group_id, "client_id": c.id} for c in clients]
        )
        db.session.commit()


def test_an_import_into_a_group_asks_a_reason_outside_8_to_15_members(app, world, as_role):
    group_id = _open_group(app, world)
    coach = as_role("coach")
    chosen = {"group_id": str(group_id), "coach_id": str(world.coach.id)}
    url = _preview(coach, _csv([HEADER, _people("Ville", "Heino")]), **chosen)
    page = coach.get(url).get_data(as_text=True)
    assert 'name="exception_reason"' in page and "ryhmässä on 1 jäsentä" in page
    before = _count(app)
    refused = coach.post(url, {})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and _count(app) == before
    assert 'href="#exception_reason"' in html
    assert "Ryhmässä on yleensä 8–15 jäsentä. Jatka vahvistamalla" in html
    saved = coach.post(url, {"exception_reason": "Pilotti: yksi aloittaa ensin"})
    assert saved.status_code == 302 and _count(app) == before + 1
    with app.app_context():
        assert db.session.get(Group, group_id).exception_reason == "Pilotti: yksi aloittaa ensin"
    _members(app, group_id, world, 6)  # 7 members: an eighth is within the range
    url = _preview(coach, _csv([HEADER, _people("Outi", "Aho")]), **chosen)
    assert 'name="exception_reason"' not in coach.get(url).get_data(as_text=True)
    assert coach.post(url, {}).status_code == 302
    _members(app, group_id, world, 7)  # 15 members: a sixteenth is not
    url = _preview(coach, _csv([HEADER, _people("Aino", "Virta")]), **chosen)
    assert coach.post(url, {}).status_code == 400
    with app.app_context():
        count = db.session.scalar(
            select(db.func.count()).where(group_members.c.group_id == group_id)
        )
    assert count == 15
    url = _preview(coach, _csv([HEADER, _people("Aino", "Virta")]))  # no group: no rule
    assert coach.post(url, {}).status_code == 302
