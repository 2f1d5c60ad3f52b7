"""Which texts a reader meets: every msgid looked up while pages are rendered, by domain.

``record_lookups()`` wraps the lookups of Babel's translation objects (``ugettext``,
``ungettext``, ``upgettext``, ``unpgettext``: what Flask-Babel's domains, the plugins' domains
and the templates call) and notes each outermost one with the catalog folder that answered
it. A lookup a plugin's catalog hands on to the core's (its fallback) is noted once, as the
plugin's: at run time either catalog may translate it.

``crawl_as`` follows a signed-in reader's links from the start page, one page per address
shape, and sends each page's forms once with their fields empty, for their error states.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from babel.support import NullTranslations, Translations

from tests.support.browser import Browser, forms_on
from tests.support.crawl import SKIP, shape

#: Lookups by the kind of call: the positions of msgctxt and msgid in its arguments.
LOOKUPS = {"ugettext": (None, 0), "ungettext": (None, 0), "upgettext": (0, 1), "unpgettext": (0, 1)}
#: Forms a crawl does not send: they end the session or change the reader's language.
NOT_SENT = ("/logout", "/language")


@dataclass(frozen=True)
class Lookup:
    """One text looked up: the catalog folder and domain asked first (None: no catalog)."""

    folder: Path | None
    domain: str | None
    msgid: str
    context: str | None = None


@dataclass
class Recorded:
    lookups: set[Lookup] = field(default_factory=set)
    pages: list[str] = field(default_factory=list)


def _source(translations: NullTranslations) -> tuple[Path | None, str | None]:
    """``(.../translations, domain)`` for a catalog read from
    ``.../translations/<locale>/LC_MESSAGES/<domain>.mo``."""
    files = getattr(translations, "files", None) or []
    return (Path(files[0]).resolve().parents[2], Path(files[0]).stem) if files else (None, None)


@contextmanager
def record_lookups() -> Iterator[Recorded]:
    """Note every outermost lookup made in this thread while the block runs."""
    recorded = Recorded()
    depth = threading.local()
    thread = threading.get_ident()
    originals = []

    def wrap(cls: type, name: str, positions: tuple[int | None, int]):
        original = cls.__dict__[name]
        context_at, msgid_at = positions

        @wraps(original)
        def lookup(self, *args):
            outermost = threading.get_ident() == thread and not getattr(depth, "n", 0)
            if outermost and args[msgid_at]:
                context = args[context_at] if context_at is not None else None
                recorded.lookups.add(Lookup(*_source(self), args[msgid_at], context))
            depth.n = getattr(depth, "n", 0) + 1
            try:
                return original(self, *args)
            finally:
                depth.n -= 1

        originals.append((cls, name, original))
        setattr(cls, name, lookup)

    for cls in (NullTranslations, Translations):
        for name, positions in LOOKUPS.items():
            if name in cls.__dict__:
                wrap(cls, name, positions)
    try:
        yield recorded
    finally:
        for cls, name, original in originals:
            setattr(cls, name, original)


def crawl_as(browser: Browser, recorded: Recorded, start: tuple[str, ...] = ("/",)) -> None:
    """Open every page ``browser``'s reader reaches by links (one per shape), and send each
    distinct form on them once with its visible fields empty."""
    queue, seen, sent = list(start), {shape(p) for p in start}, set()
    while queue:
        path = queue.pop(0)
        response = browser.get(path)
        recorded.pages.append(f"{response.status_code} {path}")
        if "html" not in (response.content_type or ""):
            continue
        html = response.get_data(as_text=True)
        for link in _links(html):
            if shape(link) not in seen:
                seen.add(shape(link))
                queue.append(link)
        for form in forms_on(html, path):
            key = (form.method, shape(form.action), tuple(sorted(form.fields)))
            if key in sent or form.action in NOT_SENT or not _has_visible_fields(form):
                continue
            sent.add(key)
            _send_empty(browser, form, recorded)


def _links(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") if tag == "a" else None
            if not href:
                return
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                return
            if not SKIP.search(parts.path):
                found.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    Links().feed(html)
    return found


def _has_visible_fields(form) -> bool:
    return any(name not in form.hidden for name in form.fields)


def _send_empty(browser: Browser, form, recorded: Recorded) -> None:
    data = {**form.hidden, **{name: "" for name in form.fields if name not in form.hidden}}
    if form.method == "GET":
        response = browser.get(form.action, query_string=data)
    else:
        response = browser.client.post(form.action, data=data, buffered=True)
    recorded.pages.append(f"{response.status_code} {form.method} {form.action} (empty)")
