"""The recognition plugin's blueprint and what its templates share."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import format_decimal, get_locale
from markupsafe import Markup, escape

from plugins.recognition import scales
from plugins.recognition.forms import CONFIRMATION_LABELS, DECIDER_LABELS, STATUS_LABELS
from plugins.recognition.models import RecognitionMember
from portal.api import CASEWORKERS

#: Named after the plugin package rather than this module, so that its templates/ are found.
bp = Blueprint("recognition", __name__)
STAFF = CASEWORKERS


@bp.context_processor
def helpers():
    return {
        "status_labels": STATUS_LABELS,
        "confirmation_labels": CONFIRMATION_LABELS,
        "decider_labels": DECIDER_LABELS,
        "level_label": scales.level_label,
        "scale_names": scales.SCALE_NAMES,
        "num": num,
        "points": points,
        "shown": shown,
    }


def num(value: float | None) -> str:
    """Competence points in the reader's language: "1,5" in Finnish and Swedish."""
    return "–" if value is None else format_decimal(value)


def points(member: RecognitionMember | None) -> str:
    """A unit's competence points in a qualification: a number or a range."""
    if member is None or member.points is None:
        return "–"
    if member.points_max and member.points_max != member.points:
        return f"{num(member.points)}–{num(member.points_max)}"
    return num(member.points)


#: Languages named in their own language, for the marker of a text in another language.
LANGUAGE_NAMES = {"fi": "suomeksi", "sv": "på svenska", "en": "in English"}


def shown(value: dict[str, str] | None, html: bool = False) -> Markup:
    """A catalog text in the user's language, else in Finnish, Swedish or English marked
    with its language (``lang`` for screen readers, and the language's name). ``html``: the
    text is already cleaned safe HTML."""
    value = value or {}
    locale = str(get_locale())
    lang = (
        locale if value.get(locale) else next((k for k in ("fi", "sv", "en") if value.get(k)), "")
    )
    if not lang:
        return Markup("")
    # Cleaned with nh3 at import (texts.safe_html), so the HTML can be trusted.
    body = Markup(value[lang]) if html else escape(value[lang])  # noqa: S704
    if lang == locale:
        return body
    marked = (
        Markup('<div lang="{l}">{b}</div><p class="muted">({n})</p>')
        if html
        else Markup('<span lang="{l}">{b}</span> <span class="muted">({n})</span>')
    )
    return marked.format(l=lang, b=body, n=LANGUAGE_NAMES[lang])
