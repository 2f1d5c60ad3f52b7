"""The languages content (an onboarding step, an assessment question) may be written in.

Content is written once in its reference language by the person responsible for it and may
hold a version per language beside it. The list of content languages is kept here and only
here: the interface languages of the configuration (``LANGUAGES``) first, then the other
languages the project's young people read, so that a version may be written before the
interface speaks the language. A reader whose language has no version is told so and given
the reference text marked with its own ``lang`` and ``dir``: never silently another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import get_locale
from flask_login import current_user

from portal.app.i18n import LANGUAGE_NAMES, html_lang, text_direction

#: The language content is written in first (the supervisor's or the coach's wording).
REFERENCE_LOCALE = "fi"
#: Plain Finnish (selkosuomi), a locale of its own.
PLAIN_FINNISH = "fi@selko"
#: The languages of the project's young people, used when the configuration names fewer.
DEFAULT_CONTENT_LOCALES = ("fi", PLAIN_FINNISH, "sv", "en", "ru", "et", "ar", "so", "uk", "fa")


def content_locales() -> tuple[str, ...]:
    """Every language content may be written in, the configured interface languages first."""
    configured = current_app.config.get("LANGUAGES", ()) if has_app_context() else ()
    return tuple(dict.fromkeys([*configured, *DEFAULT_CONTENT_LOCALES]))


def translation_locales() -> tuple[str, ...]:
    """The languages a version may be added in: all but the reference language."""
    return tuple(code for code in content_locales() if code != REFERENCE_LOCALE)


def language_name(locale: str) -> str:
    return LANGUAGE_NAMES.get(locale, locale)


def reader_locale() -> str:
    """The language the signed-in user reads content in: their own setting when content may be
    written in it (even before the interface speaks it), else the page's language."""
    own = getattr(current_user, "locale", None) if current_user else None
    if own and own in content_locales():
        return own
    page = str(get_locale())
    return page if page in content_locales() else REFERENCE_LOCALE


class InLocale:
    """Something written in ``self.locale``, with the ``lang`` and ``dir`` to mark it with."""

    locale: str

    @property
    def lang(self) -> str:
        return html_lang(self.locale)

    @property
    def dir(self) -> str:
        return text_direction(self.locale)


@dataclass(frozen=True)
class InLanguage(InLocale):
    """A text and the language it is in; ``missing`` when the reader's language had none."""

    text: str
    locale: str
    missing: bool


def in_language(text: Mapping[str, str] | str, locale: str) -> InLanguage:
    """``text`` in ``locale``; else the reference language's text, saying it is missing.

    Unlike ``localized`` this never falls back to a third language silently: Swedish asked,
    Finnish given, ``missing`` set. A plain string is reference-language text.
    """
    if isinstance(text, str):
        return InLanguage(text, REFERENCE_LOCALE, locale != REFERENCE_LOCALE and bool(text))
    if text.get(locale):
        return InLanguage(text[locale], locale, False)
    if text.get(REFERENCE_LOCALE):
        return InLanguage(text[REFERENCE_LOCALE], REFERENCE_LOCALE, locale != REFERENCE_LOCALE)
    first = next(((code, value) for code, value in text.items() if value), None)
    if first is None:
        return InLanguage("", locale, False)
    return InLanguage(first[1], first[0], True)
