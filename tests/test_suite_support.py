"""The suite's own machinery: catalogs compiled for a fresh clone, forms filled as a browser
would, and a clean database for every test."""

import gettext
import os
import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from portal.app.extensions import db
from portal.models import Company
from tests.conftest import ROOT, form_fields
from tests.support import midnight
from tests.support.browser import forms_on
from tests.support.catalogs import compile_catalogs


def _finnish(directory: Path) -> gettext.GNUTranslations:
    return gettext.translation("messages", directory, languages=["fi"])


def test_missing_and_stale_catalogs_are_compiled_and_fresh_ones_left_alone(tmp_path):
    copy = tmp_path / "translations"
    shutil.copytree(ROOT / "portal" / "translations", copy)
    for mo in copy.glob("*/LC_MESSAGES/*.mo"):
        mo.unlink()
    written = compile_catalogs([copy])
    locales = sorted(po.parent.parent.name for po in copy.glob("*/LC_MESSAGES/messages.po"))
    assert {"en", "fi", "sv"} <= set(locales)
    assert sorted(p.parent.parent.name for p in written) == locales
    assert _finnish(copy).gettext("Sign in") == "Kirjaudu sisään"
    assert compile_catalogs([copy]) == []  # up to date: nothing rewritten
    po = copy / "fi" / "LC_MESSAGES" / "messages.po"
    later = po.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po, (later, later))
    assert compile_catalogs([copy]) == [po.with_suffix(".mo")]


def test_forms_are_told_apart_by_where_they_post():
    page = """
    <form action="/language" method="post"><input type="hidden" name="csrf_token" value="t">
      <input type="hidden" name="next" value="/x"></form>
    <form method="post"><input type="hidden" name="csrf_token" value="t">
      <input type="hidden" name="version" value="3"><input name="title" value="visible"></form>
    <form action="/clients/1/state?x=1" method="post"><input type="hidden" name="version"
      value="7"></form>
    """
    forms = {f.action: f.hidden for f in forms_on(page, "/clients/1/edit?tab=a")}
    assert forms == {
        "/language": {"csrf_token": "t", "next": "/x"},
        "/clients/1/edit": {"csrf_token": "t", "version": "3"},
        "/clients/1/state": {"version": "7"},
    }


def test_a_post_carries_the_version_the_form_shows(app, world, as_role):
    admin = as_role("admin")
    url = f"/admin/companies/{world.company.id}"
    assert form_fields(admin, url)["version"] == "1"
    edit = {"name": "Varasto Oy", "business_id": "2914650-5", "status": "active"}
    assert admin.post(url, {**edit, "city": "Espoo"}).status_code == 302
    assert form_fields(admin, url)["version"] == "2"
    assert admin.post(url, {**edit, "city": "Turku"}).status_code == 302  # no stale version


def test_each_test_starts_from_the_bare_schema(app, world):
    with app.app_context():
        assert db.session.scalar(select(func.count(Company.id))) == 2  # the world's, no more
        db.session.add(Company(name="Jäänne Oy", business_id="1572860-0"))
        db.session.commit()


def test_what_a_test_wrote_is_gone_in_the_next(app, world):
    test_each_test_starts_from_the_bare_schema(app, world)


def test_a_run_near_midnight_waits_for_it_and_others_do_not(monkeypatch):
    slept = []
    monkeypatch.setattr(midnight.time, "sleep", slept.append)
    monkeypatch.setattr(midnight, "until_midnight", lambda: timedelta(minutes=3))
    assert midnight.wait_if_midnight_is_near() == 185 == slept[0]
    monkeypatch.setattr(midnight, "until_midnight", lambda: timedelta(hours=5))
    assert midnight.wait_if_midnight_is_near() == 0 and len(slept) == 1
