"""The layout around every page (``templates/base.html``): its words, its language picker, its
header and footer, each made once and kept.

Every page renders the layout; made in the template on each request, its two dozen texts,
the picker's ten options, the navigation and the forms of the header cost more than the rest
of a simple page. The texts are marked here for translation (``make extract`` finds them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

from flask import current_app, get_flashed_messages, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf as csrf_token
from markupsafe import Markup, escape

from portal.app.i18n import (
    LANGUAGE_NAMES,
    html_lang,
    offered_languages,
    text_direction,
    translation_is_draft,
)
from portal.app.timeout import session_timing
from portal.search.portal_search import SEARCHERS

EXTENSION_KEY = "portal.layout_texts"
TEXTS = {
    "skip": _l("Skip to content"),
    "menu": _l("Menu"),
    "language": _l("Language"),
    "change": _l("Change"),
    "search_portal": _l("Search the portal"),
    "search": _l("Search"),
    "notifications": _l("Notifications"),
    "change_password": _l("Change password"),
    "two_step": _l("Two-step sign-in"),
    "sign_out": _l("Sign out"),
    "main": _l("Main"),
    "draft": _l("This translation has not yet been checked by a native speaker."),
    "kept": _l(
        "What you typed before your session ended is filled in on the form below. Check it "
        "and send the form again."
    ),
    "show_kept": _l("Show the kept text"),
    "idle": _l(
        "Your session is about to end because you have been idle. Anything you have not sent "
        "may be lost."
    ),
    "stay": _l("Stay signed in"),
    "accessibility": _l("Accessibility statement"),
}


def layout_texts() -> dict[str, str]:
    """The layout's texts in the current language, translated once per application."""
    locale = str(get_locale())
    made: dict[str, dict[str, str]] = current_app.extensions.setdefault(EXTENSION_KEY, {})
    if locale not in made:
        made[locale] = {key: str(text) for key, text in TEXTS.items()}
    return made[locale]


def language_options() -> Markup:
    """The picker's ``<option>`` elements for the viewer, the current language selected."""
    return _options(str(get_locale()), offered_languages(current_user))


@functools.lru_cache(maxsize=64)
def _options(chosen: str, locales: tuple[str, ...]) -> Markup:
    option = Markup('<option value="{}" lang="{}"{}{}>{}</option>')
    return Markup("").join(
        option.format(
            code,
            html_lang(code),
            Markup(' dir="rtl"') if text_direction(code) == "rtl" else "",
            Markup(" selected") if code == chosen else "",
            LANGUAGE_NAMES.get(code, code),
        )
        for code in locales
    )


#: Stand-ins for what differs from request to request in a layout part made once.
_CSRF, _NEXT, _SECONDS = "\x00csrf\x00", "\x00next\x00", "\x00seconds\x00"
PARTS_KEY = "portal.layout_parts"
#: Made parts kept per application; all are dropped when there are more.
MAX_PARTS = 2048


class Parts(NamedTuple):
    """The layout around a page's title and content, each part ready to write."""

    html: Markup
    assets: Markup
    header: Markup
    draft: Markup
    footer: Markup = Markup("")  # kept apart from the rest: it changes with the minute


def layout_parts(unread: int, links: list[dict[str, Any]]) -> Parts:
    """The layout's parts for this request: ``unread`` notifications, the navigation
    ``links`` (``nav_links()``).

    Each part is made once per language, viewer, page and count in a process and kept; what
    differs per request (the CSRF token, the return address, the seconds left) is filled in.
    A simple page rendered the layout in more Python calls than its own content."""
    user = current_user._get_current_object()
    signed_in = bool(user.is_authenticated)
    locale, root = str(get_locale()), request.script_root
    timing = session_timing()
    shown = tuple((link["href"], str(link["label"]), link["endpoint"]) for link in links)
    who = (user.id, user.name, user.role) if signed_in else None
    draft = translation_is_draft()
    key = (locale, draft, root, who, offered_languages(user), unread, shown, request.endpoint)
    moment = (timing["ends_at_text"], timing["warn"]) if timing else None
    kept: dict[tuple, Any] = current_app.extensions.setdefault(PARTS_KEY, {})
    made = _kept(kept, key, lambda: _make(locale, draft, who, unread, shown))
    footer = _kept(kept, ("footer", locale, root, moment), lambda: _footer(layout_texts(), timing))
    return made._replace(
        header=_fill(made.header, _CSRF, csrf_token(), _NEXT, _next_path()),
        footer=_fill(footer, _SECONDS, timing["seconds"] if timing else ""),
    )


def _kept(kept: dict[tuple, Any], key: tuple, make: Callable[[], Any]) -> Any:
    """``kept[key]``, made by ``make`` the first time; all are dropped when there are too
    many (a process keeps the parts of the pages its users open)."""
    found = kept.get(key)
    if found is None:
        if len(kept) >= MAX_PARTS:
            kept.clear()
        found = kept[key] = make()
    return found


def flashed() -> Markup:
    """The messages flashed for this page, each a status (an error an alert) for screen
    readers; nothing when there are none."""
    messages = get_flashed_messages(with_categories=True)
    if not messages:
        return Markup("")
    shown = (
        Markup('<div class="flash flash-{}" role="{}">{}</div>').format(
            category, "alert" if category == "error" else "status", message
        )
        for category, message in messages
    )
    return Markup('<div class="flashes">{}</div>').format(Markup("").join(shown))


def _next_path() -> str:
    return request.full_path if request.method == "GET" else ""


def _fill(part: Markup, *marks_and_values: object) -> Markup:
    """``part`` with each stand-in replaced by its value, escaped."""
    for mark, value in zip(marks_and_values[::2], marks_and_values[1::2], strict=True):
        part = part.replace(str(mark), escape(value))
    return part


def _make(locale: str, draft: bool, who: tuple | None, unread: int, links: tuple) -> Parts:
    texts = layout_texts()
    direction = Markup(' dir="rtl"') if text_direction(locale) == "rtl" else ""
    assets = Markup("").join(
        tag.format(url_for("static", filename=name))
        for tag, name in (
            (Markup('<link rel="stylesheet" href="{}">'), "polku.css"),
            (Markup('<script src="{}" defer></script>'), "polku.js"),
            (Markup('<script src="{}" defer></script>'), "js/listen.js"),
        )
    )
    notice = Markup('<p class="translation-draft">{}</p>').format(texts["draft"])
    return Parts(
        html=Markup('<html lang="{}"{}>').format(html_lang(locale), direction),
        assets=assets,
        header=_header(texts, locale, who, unread, links),
        draft=notice if draft else Markup(""),
    )


def _header(texts: dict[str, str], locale: str, who: tuple | None, unread: int, links) -> Markup:
    csrf = Markup('<input type="hidden" name="csrf_token" value="{}">').format(_CSRF)
    parts = [
        Markup('<a class="skip-link" href="#main">{}</a>').format(texts["skip"]),
        Markup(
            '<header class="site-header"><div class="bar"><a class="brand" href="{}">Polku</a>'
        ).format(url_for("main.index" if who else "auth.login")),
        # The menu: open without JavaScript; on a phone the script closes it behind its button.
        Markup('<details class="menu" open><summary>{}</summary><div class="menu-body">').format(
            texts["menu"]
        ),
        Markup(
            '<form class="lang-switch" method="post" action="{}">{}'
            '<input type="hidden" name="next" value="{}">'
            '<label for="lang-select">{}</label><select id="lang-select" name="lang">{}</select>'
            '<button type="submit" class="secondary">{}</button></form>'
        ).format(
            url_for("main.set_language"),
            csrf,
            _NEXT,
            texts["language"],
            language_options(),
            texts["change"],
        ),
    ]
    if who and who[2] in SEARCHERS:  # the portal-wide search (portal/search/); the term is posted
        parts.append(
            Markup(
                '<form class="site-search" method="post" action="{}" role="search" '
                'aria-label="{}">{}<label for="site-search-q">{}</label>'
                '<input id="site-search-q" name="q" type="search" maxlength="200" '
                'autocomplete="off"><button type="submit" class="secondary">{}</button></form>'
            ).format(
                url_for("search.results"),
                texts["search_portal"],
                csrf,
                texts["search"],
                texts["search"],
            )
        )
    if who:
        count = ngettext("%(num)d unread", "%(num)d unread", unread) if unread else ""
        parts.append(
            Markup(
                '<div class="account"><span>{}</span><a href="{}">{}{}</a><a href="{}">{}</a>'
                '<a href="{}">{}</a><form method="post" action="{}">{}'
                '<button type="submit" class="link">{}</button></form></div>'
            ).format(
                str(who[1]).replace("\x00", ""),
                url_for("notifications.index"),
                texts["notifications"],
                f" ({count})" if count else "",
                url_for("auth.change_password"),
                texts["change_password"],
                url_for("mfa.settings"),
                texts["two_step"],
                url_for("auth.logout"),
                csrf,
                texts["sign_out"],
            )
        )
    if links:
        current = request.endpoint
        items = Markup("").join(
            Markup('<li><a href="{}"{}>{}</a></li>').format(
                href, Markup(' aria-current="page"') if endpoint == current else "", label
            )
            for href, label, endpoint in links
        )
        parts.append(Markup('<nav aria-label="{}"><ul>{}</ul></nav>').format(texts["main"], items))
    parts.append(Markup("</div></details></div></header>"))
    return Markup("\n").join(parts)


def _footer(texts: dict[str, str], timing) -> Markup:
    """When the session ends if nothing is done (WCAG 2.2.1): said in words for everyone;
    the script warns two minutes before and offers to stay signed in (``timeout.py``)."""
    told = Markup("")
    if timing:
        told = Markup(
            '<p class="session-end" id="session-end" data-seconds="{}" data-warn="{}" '
            'data-alive="{}">{}</p><div class="session-warning" id="session-warning" '
            'role="alertdialog" aria-labelledby="session-warning-text" hidden>'
            '<p id="session-warning-text">{}</p>'
            '<button type="button" id="session-stay">{}</button></div>'
        ).format(
            _SECONDS,
            timing["warn"],
            url_for("auth.keep_alive"),
            _(
                "If you do nothing, your session ends at %(time)s and you are signed out. "
                "Opening or reloading any page keeps you signed in.",
                time=timing["ends_at_text"],
            ),
            texts["idle"],
            texts["stay"],
        )
    return Markup('<footer class="site-footer">{}<a href="{}">{}</a></footer>').format(
        told, url_for("main.accessibility"), texts["accessibility"]
    )
