"""Language choice: the user's own setting, then the session's, then the browser's.

Young people and the pages before sign-in are offered every locale of ``LANGUAGES``; staff
(coach, employer, teacher, admin) read the portal in one of ``STAFF_LANGUAGES``. A locale id
may carry a modifier: ``fi@selko`` is plain Finnish (selkosuomi), a catalog of its own that
formats dates and numbers as Finnish does and whose HTML ``lang`` is ``fi``.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectChoice

from portal.app.catalog_review import DRAFT, HEADER, po_review_status
from portal.app.resources import resource_path
from portal.hooks.types import Localized, localized
from portal.rest import PREFIX as API_PREFIX

#: Each language's name in that language itself, as the picker shows it.
LANGUAGE_NAMES = {
    "fi": "Suomi",
    "sv": "Svenska",
    "en": "English",
    "fi@selko": "Selkosuomi",
    "ru": "Русский",
    "et": "Eesti",
    "ar": "العربية",
    "so": "Soomaali",
    "uk": "Українська",
    "fa": "دری / فارسی",
}
#: Where an app keeps the review status of each locale's core catalog, read once.
REVIEW_KEY = "catalog_review"
#: Locales written from right to left.
RIGHT_TO_LEFT = frozenset({"ar", "fa"})


def html_lang(locale: str) -> str:
    """The BCP 47 tag for ``lang="…"``: the language without a gettext modifier."""
    return locale.split("@", 1)[0]


def text_direction(locale: str) -> str:
    """``rtl`` or ``ltr``, for ``dir="…"``."""
    return "rtl" if html_lang(locale) in RIGHT_TO_LEFT else "ltr"


def language_label(locale: str) -> Markup:
    """A locale's name in its own language, marked with its ``lang`` and ``dir``."""
    return Markup('<span lang="{}" dir="{}">{}</span>').format(
        html_lang(locale), text_direction(locale), LANGUAGE_NAMES.get(locale, locale)
    )


def offered_languages(user: object | None = None) -> tuple[str, ...]:
    """The locales ``user`` may choose: staff their three, young people and visitors all."""
    config = current_app.config
    if user is not None and getattr(user, "is_authenticated", False) and user.role != "client":
        return tuple(config["STAFF_LANGUAGES"])
    return tuple(config["LANGUAGES"])


def language_choices(user: object | None = None) -> list[tuple[str, str]]:
    """``(locale, name in its own language)`` for the picker, in the configured order."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in offered_languages(user)]


def language_select_choices(user: object | None = None) -> list[SelectChoice]:
    """The picker's options for a WTForms select, each marked with its own ``lang``."""
    choices = language_choices(user)
    return [SelectChoice(code, name, render_kw=_marks(code)) for code, name in choices]


def _marks(locale: str) -> dict[str, str]:
    marks = {"lang": html_lang(locale)}
    if text_direction(locale) == "rtl":
        marks["dir"] = "rtl"
    return marks


def _best_from_browser(languages: Sequence[str]) -> str | None:
    # The browser names tags ("fi-FI"); a locale with a modifier is never matched from it.
    plain = [code for code in languages if "@" not in code]
    return request.accept_languages.best_match(plain)


def select_locale() -> str:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # command line: the default language
        return default
    user = current_user if current_user and current_user.is_authenticated else None
    languages = offered_languages(user)
    if request.path.startswith(API_PREFIX) and (asked := _best_from_browser(languages)):
        return asked  # a program says in each request which language it wants
    if user is not None and user.locale in languages:
        return user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return _best_from_browser(languages) or default


def translation_is_draft() -> bool:
    """True when the current locale's core catalog is marked ``X-Review-Status: draft``: its
    machine-made texts have not yet been checked by a native speaker."""
    locale = str(get_locale())
    known: dict[str, bool] = current_app.extensions.setdefault(REVIEW_KEY, {})
    if locale not in known:
        known[locale] = _review_status(locale) == DRAFT
    return known[locale]


def _review_status(locale: str) -> str | None:
    """From the compiled header (the wheel's), else from the ``.po`` beside it."""
    translations = get_translations()
    info = translations.info() if hasattr(translations, "info") else {}
    if HEADER.lower() in info:
        return info[HEADER.lower()].strip().lower()
    return po_review_status(resource_path("translations") / locale / "LC_MESSAGES" / "messages.po")


def in_user_language(text: Localized | str | None) -> str:
    """A plugin's text in several languages ({"fi": ..., "sv": ...}) in the user's language."""
    return localized(text or {}, str(get_locale()))
