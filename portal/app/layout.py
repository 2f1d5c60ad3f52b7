"""The layout's fixed parts, made once per language in a process: its words and the options of
its language picker.

Every page renders the layout; looked up one by one, its two dozen texts and the picker's ten
options cost more than the rest of a simple page. The texts are marked here for translation
(``make extract`` finds them) and read in the template as ``layout_texts().skip`` and so on.
"""

from __future__ import annotations

import functools

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from portal.app.i18n import LANGUAGE_NAMES, html_lang, offered_languages, text_direction

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
