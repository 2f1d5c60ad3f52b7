"""Form definitions: gathered from ``portal_assessment_forms``, checked, versioned, and turned
into a fresh WTForms class on each request."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Any

from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from plugins.assessments.i18n import _l
from plugins.assessments.models import AssessmentDefinition
from portal.api import FormDefinition, collect, db, in_language, localized, reader_locale

log = logging.getLogger(__name__)

FILLERS = ("supervisor", "coach", "client")
OCCASIONS = ("intake", "placement_start", "midway", "placement_end", "checkpoint")
KINDS = ("scale", "choice", "yesno", "text")
KEY = re.compile(r"^[a-z][a-z0-9_-]{0,79}$")
YES_NO = (
    ("yes", {"fi": "Kyllä", "sv": "Ja", "en": "Yes"}),
    ("no", {"fi": "Ei", "sv": "Nej", "en": "No"}),
)


class Malformed(ValueError):
    pass


def _text(value: Any, what: str, required: bool = True) -> dict[str, str]:
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise Malformed(f"{what} is not a text")
    if required and not value.get("fi"):
        raise Malformed(f"{what} has no Finnish text")
    return dict(value)


def _field(raw: Any, seen: set[str]) -> dict[str, Any]:
    key = getattr(raw, "key", None)
    if not isinstance(key, str) or not KEY.match(key) or key in seen:
        raise Malformed(f"field key {key!r} is missing, invalid or repeated")
    seen.add(key)
    if raw.kind not in KINDS:
        raise Malformed(f"field {key}: unknown kind {raw.kind!r}")
    levels = [[str(v), _text(label, f"field {key} level")] for v, label in raw.levels]
    if raw.kind in ("scale", "choice"):
        values = [v for v, _label in levels]
        if len(values) < 2 or len(set(values)) != len(values):
            raise Malformed(f"field {key}: needs at least two distinct levels")
    if raw.kind == "scale" and not all(v.lstrip("-").isdigit() for v, _l in levels):
        raise Malformed(f"field {key}: scale levels must be numbers")
    return {
        "key": key,
        "kind": raw.kind,
        "label": _text(raw.label, f"field {key} label"),
        "help": _text(raw.help or {}, f"field {key} help", required=False),
        "required": bool(raw.required),
        "levels": [list(pair) for pair in YES_NO] if raw.kind == "yesno" else levels,
        "skill": str(raw.skill or ""),
    }


def normalise(definition: Any) -> dict[str, Any]:
    """A definition as plain JSON-able content, or ``Malformed`` saying what is wrong."""
    if not isinstance(definition, FormDefinition):
        raise Malformed(f"not a FormDefinition: {type(definition).__name__}")
    if not isinstance(definition.key, str) or not KEY.match(definition.key):
        raise Malformed(f"invalid key {definition.key!r}")
    try:
        return _content(definition)
    except Malformed as error:
        raise Malformed(f"{definition.key}: {error}") from None


def _content(definition: FormDefinition) -> dict[str, Any]:
    if definition.filled_by not in FILLERS:
        raise Malformed(f"filled_by must be one of {', '.join(FILLERS)}")
    if set(definition.due) - set(OCCASIONS):
        raise Malformed(f"unknown due {sorted(set(definition.due) - set(OCCASIONS))}")
    seen: set[str] = set()
    sections = []
    try:
        for section in definition.sections:
            fields = [_field(f, seen) for f in section.fields]
            if not fields:
                raise Malformed(f"section {section.key} has no fields")
            sections.append(
                {
                    "key": str(section.key),
                    "title": _text(section.title, "section title"),
                    "help": _text(section.help or {}, "section help", required=False),
                    "fields": fields,
                }
            )
    except (AttributeError, TypeError) as error:
        raise Malformed(str(error)) from None
    if not sections:
        raise Malformed("no sections")
    return {
        "key": definition.key,
        "version": str(definition.version),
        "title": _text(definition.title, "title"),
        "help": _text(definition.help or {}, "help", required=False),
        "filled_by": definition.filled_by,
        "due": list(definition.due),
        "order": int(definition.order),
        "sections": sections,
    }


def available() -> dict[str, dict[str, Any]]:
    """Every well-formed definition offered now, by key; malformed ones are logged and skipped."""
    found: dict[str, dict[str, Any]] = {}
    for definition in collect("portal_assessment_forms"):
        try:
            content = normalise(definition)
        except Malformed as error:
            log.error("Assessment form skipped: %s", error)
            continue
        if content["key"] in found:
            log.error("Assessment form %s offered twice; the first is used", content["key"])
            continue
        found[content["key"]] = content
    return found


def _digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def stored(content: dict[str, Any]) -> AssessmentDefinition:
    """The stored version of this content; a changed definition becomes the next version."""
    digest = _digest(content)
    latest = db.session.scalar(
        select(AssessmentDefinition)
        .where(AssessmentDefinition.key == content["key"])
        .order_by(AssessmentDefinition.number.desc())
        .limit(1)
    )
    if latest is not None and latest.digest == digest:
        return latest
    row = AssessmentDefinition(
        key=content["key"],
        number=(latest.number + 1) if latest else 1,
        declared_version=content["version"],
        digest=digest,
        content=content,
    )
    db.session.add(row)
    db.session.flush()
    return row


def title(content: dict[str, Any]) -> str:
    return localized(content["title"], str(get_locale()))


def fields_of(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for section in content["sections"] for f in section["fields"]]


def shown(text: dict[str, str] | str, locale: str) -> tuple[str, bool]:
    """``text`` in ``locale``; else the Finnish text marked with its ``lang`` and ``dir``, and
    True to say that the reader's language is missing (never silently another language)."""
    found = in_language(text, locale)
    if not found.missing:
        return found.text, False
    return Markup('<span lang="{}" dir="{}">{}</span>').format(
        found.lang, found.dir, found.text
    ), True


def form_class(content: dict[str, Any], *, final: bool) -> type[FlaskForm]:
    """A fresh form class for this definition, its texts in the reader's language (see
    ``shown``); ``missing_language`` tells that some were not written in it. ``final`` enforces
    required answers (submit); a draft only checks that the answers given are valid."""
    locale = reader_locale()
    missing: list[bool] = []

    def text(value: dict[str, str] | str) -> str:
        result, absent = shown(value, locale)
        missing.append(absent)
        return result

    class AnswerForm(FlaskForm):
        version = HiddenField()

    for spec in fields_of(content):
        label = text(spec["label"])
        description = text(spec["help"]) if spec["help"] else ""
        required = final and spec["required"]
        if spec["kind"] == "text":
            validators = [
                InputRequired(_l("Answer this question.")) if required else Optional(),
                Length(max=3000),
            ]
            field = TextAreaField(label, validators=validators, description=description)
        else:
            choices = [SelectChoice(value, text(level)) for value, level in spec["levels"]]
            validators = [InputRequired(_l("Choose an answer.")) if required else Optional()]
            field = RadioField(
                label, choices=choices, validators=validators, description=description
            )
        setattr(AnswerForm, f"q_{spec['key']}", field)
    AnswerForm.missing_language = any(missing)
    return AnswerForm


def answers_from(form: FlaskForm, content: dict[str, Any]) -> dict[str, str]:
    out = {}
    for spec in fields_of(content):
        value = getattr(form, f"q_{spec['key']}").data
        if value not in (None, ""):
            out[spec["key"]] = value.strip() if spec["kind"] == "text" else value
    return out


def as_data(answers: dict[str, str]) -> dict[str, str]:
    return {f"q_{key}": value for key, value in answers.items()}
