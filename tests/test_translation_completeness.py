"""Every text a young person can meet is translated in every locale of ``LANGUAGES``.

No hand-kept list of strings: the texts are the msgids actually looked up (core and plugin
domains, templates and Python) while the demo young person's pages are rendered, with the
pages before sign-in, the error pages, the second-factor pages, the invitation and the forms
sent empty for their error messages. The pages are rendered in English, the source, with the
draft-translation notice on, so that every conditional text of the layout is met too. Each
other locale's compiled catalogs must translate all of them (a plugin's text may come from its
own catalog or the core's, as at run time).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyotp
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import abort
from sqlalchemy import select

from portal import create_app
from portal.access.permissions import public
from portal.app import clock
from portal.app.catalog_review import po_review_status
from portal.app.config import Config, TestingConfig
from portal.app.extensions import db
from portal.auth.accounts import invite
from portal.demo.data import DEMO_PASSWORD, load_demo_data
from portal.hooks.manager import fire
from portal.models import User
from tests.support.browser import Browser
from tests.support.database import private_schema
from tests.support.msgids import Lookup, Recorded, crawl_as, record_lookups

ROOT = Path(__file__).resolve().parent.parent
CORE = (ROOT / "portal" / "translations").resolve()
CATALOG_DIRS = [CORE, *sorted(p.resolve() for p in (ROOT / "plugins").glob("*/translations"))]
SOURCE = "en"
TARGETS = [lang for lang in Config.LANGUAGES if lang != SOURCE]
YOUNG_PERSON = "client@polku.test"
ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|\{\w*\}")


@contextmanager
def _database(tmp_path_factory) -> Iterator[str]:
    if "DATABASE_URL" in os.environ:
        with private_schema(os.environ["DATABASE_URL"], "msgids") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('msgids') / 'msgids.sqlite3'}"


def _app_with_demo_data(url: str):
    app = create_app({"CONFIG_CLASS": TestingConfig, "SQLALCHEMY_DATABASE_URI": url})
    for code in ERROR_CODES:  # every error page, as the young person would meet it
        app.add_url_rule(f"/boom/{code}", f"boom_{code}", public(_fails_with(code)))
    # Every conditional text of the layout: the notice a draft catalog shows.
    app.jinja_env.globals["translation_is_draft"] = lambda: True
    with app.app_context():
        db.create_all()
        load_demo_data()
        fire("portal_demo_data", today=clock.today())
    return app


def _fails_with(code: int):
    def fail():
        if code == 500:
            raise RuntimeError("a failure")
        abort(code)

    return fail


def _english_browser(app) -> Browser:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = SOURCE
    return Browser(client)


def _before_sign_in(app, recorded: Recorded) -> None:
    """Sign-in (and its errors), the invitation, the error pages and what links from them."""
    visitor = _english_browser(app)
    visitor.client.post("/login", data={})
    visitor.post("/login", {"email": YOUNG_PERSON, "password": "wrong password"})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == YOUNG_PERSON))
        user.locale = SOURCE
        token = invite(user, None)  # the invitation mail, in the young person's language
        db.session.commit()
    paths = ("/login", f"/invitation/{token}", "/invitation/no-such-link", "/no/such/page")
    crawl_as(visitor, recorded, (*paths, *(f"/boom/{code}" for code in ERROR_CODES)))
    visitor.client.delete("/login")  # 405


def _second_factor(app, recorded: Recorded) -> None:
    """The code page and its error, for a young person who has turned the second factor on."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == YOUNG_PERSON))
        user.totp_secret = pyotp.random_base32()
        db.session.commit()
    visitor = _english_browser(app)
    visitor.post("/login", {"email": YOUNG_PERSON, "password": DEMO_PASSWORD})
    crawl_as(visitor, recorded, ("/login/code",))
    visitor.login(YOUNG_PERSON, DEMO_PASSWORD)
    crawl_as(visitor, recorded, ("/account/mfa",))
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == YOUNG_PERSON))
        user.totp_secret = None
        db.session.commit()


@pytest.fixture(scope="module")
def looked_up(tmp_path_factory) -> Recorded:
    """Every lookup while the young person's pages are rendered, in English."""
    with _database(tmp_path_factory) as url:
        app = _app_with_demo_data(url)
        with record_lookups() as recorded:
            _before_sign_in(app, recorded)
            young = _english_browser(app)
            assert young.login(YOUNG_PERSON, DEMO_PASSWORD).status_code == 302
            crawl_as(young, recorded, ("/", "/account/password", "/accessibility"))
            _second_factor(app, recorded)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return recorded


def _translated(folder: Path, lang: str) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every entry with a non-empty translation in the compiled catalog."""
    mo = folder / lang / "LC_MESSAGES" / "messages.mo"
    if not mo.exists():
        return set()
    with mo.open("rb") as handle:
        catalog = read_mo(handle)
    found = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.id and all(strings):
            msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
            found.add((message.context, msgid))
    return found


def _untranslated(recorded: Recorded, lang: str) -> list[str]:
    """The portal's texts (core and plugin domains) the locale's catalogs do not translate."""
    catalogs = {folder: _translated(folder, lang) for folder in CATALOG_DIRS}
    missing = []
    for lookup in _portal_lookups(recorded):
        key = (lookup.context, lookup.msgid)
        # Its own catalog, then the core's (a plugin's fallback); no catalog at all: the core's.
        chain = (lookup.folder, CORE) if lookup.folder is not None else (CORE,)
        if not any(key in catalogs[folder] for folder in chain):
            where = lookup.folder.parent.name if lookup.folder else "?"
            missing.append(f"{where}: {lookup.msgid!r}")
    return sorted(missing)


def _portal_lookups(recorded: Recorded) -> list[Lookup]:
    """The lookups in the portal's catalogs; a library's own (WTForms' default messages, its
    automatic labels of hidden fields) are the library's to translate."""
    return [
        lookup
        for lookup in recorded.lookups
        if lookup.folder is None or lookup.folder in CATALOG_DIRS
    ]


def test_the_crawl_meets_the_young_persons_pages(looked_up):
    pages = "\n".join(looked_up.pages)
    for path in ("/login", "/invitation/", "/login/code", "/account/password", "/accessibility"):
        assert f" {path}" in pages, pages
    assert len(looked_up.pages) > 20 and len(looked_up.lookups) > 200, pages
    texts = {lookup.msgid for lookup in looked_up.lookups}
    assert "This translation has not yet been checked by a native speaker." in texts
    assert "This field is required." in texts  # the forms' error states were met
    assert all(not line.startswith("5") or "/boom/500" in line for line in looked_up.pages), pages


@pytest.mark.parametrize("lang", TARGETS)
def test_every_text_the_young_person_meets_is_translated(looked_up, lang):
    missing = _untranslated(looked_up, lang)
    total = len(_portal_lookups(looked_up))
    share = 100 * (total - len(missing)) / total
    print(f"{lang}: {share:.1f} % of {total} client-facing texts translated")
    assert missing == [], f"{lang}: {share:.1f} % of {total}; missing:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", Config.LANGUAGES)
@pytest.mark.parametrize("folder", CATALOG_DIRS, ids=lambda d: d.parent.name)
def test_every_locale_has_a_catalog_in_every_domain(folder, lang):
    po = folder / lang / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"{po.relative_to(ROOT)} is missing"


def _po_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/LC_MESSAGES/*.po"))


def _catalog_files() -> list[Path]:
    return sorted(p for d in CATALOG_DIRS for p in (d / "messages.pot", *_po_files(d)))


@pytest.mark.parametrize("path", _catalog_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalog_compiles(path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


PO_FILES = [po for folder in CATALOG_DIRS for po in _po_files(folder)]


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_placeholders_match_the_msgid(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):  # a plural form may leave the number out
            allowed = _placeholders(message.id[0]) | _placeholders(message.id[1])
            if any(not _placeholders(s) <= allowed for s in message.string if s):
                wrong.append(message.id[0])
        elif _placeholders(message.string) != _placeholders(message.id):
            wrong.append(message.id)
    assert wrong == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_catalog_with_draft_entries_says_so_in_its_header(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    drafts = [m.id for m in catalog if m.id and "draft" in m.user_comments]
    status = po_review_status(path)
    if drafts:
        assert status == "draft", f"{len(drafts)} entries are # draft, the header says {status!r}"
