"""The built-in forms: working-life skills (supervisor), the young person's self-assessment of
the same skills, and the end-of-placement assessment.

Their content is data, one file per form in ``data/forms/``, every text in Finnish, Swedish
and English, and in other content languages where written (the self-assessment in plain
Finnish, Ukrainian and Arabic). A file has the fields of ``FormDefinition``, ``FormSection``
and ``FormField``;
levels are an object ``{value: text}`` listed lowest first. Where a field's ``help`` or
``levels`` is a name instead, the text or levels come from ``shared.json`` (``texts`` and
``levels``), so that what several fields say is written once. A file of another shape is
refused with ``FormDataError`` naming the file and the place in it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from portal.api import FormDefinition, FormField, FormSection, content_locales

FORMS = files(__package__) / "data" / "forms"
SHARED = "shared.json"
LANGUAGES = ("fi", "sv", "en")
FORM_KEYS = {"key", "version", "title", "help", "filled_by", "due", "order", "sections"}
SECTION_KEYS = {"key", "title", "help", "fields"}
FIELD_KEYS = {"key", "kind", "label", "help", "required", "levels", "skill"}


class FormDataError(ValueError):
    """A form file that does not have the expected shape."""


def builtin_forms() -> list[FormDefinition]:
    return list(_builtin())


def skills() -> list[str]:
    """What the supervisor's working-life skills form measures, in the order it asks."""
    form = next(f for f in _builtin() if f.key == "working_life_skills")
    return [f.skill for section in form.sections for f in section.fields if f.skill]


@cache
def _builtin() -> tuple[FormDefinition, ...]:
    return load(FORMS)


def load(folder: Traversable) -> tuple[FormDefinition, ...]:
    """The forms of every JSON file in ``folder`` but ``shared.json``, in their ``order``."""
    shared = _object(_read(folder, SHARED), {"levels", "texts"}, set(), SHARED)
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    forms = [_form(_read(folder, name), shared, name) for name in names if name != SHARED]
    return tuple(sorted(forms, key=lambda f: (f.order, f.key)))


def _read(folder: Traversable, name: str) -> Any:
    try:
        return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise FormDataError(f"{name}: not valid JSON ({error})") from None


def _object(raw: Any, allowed: set[str], required: set[str], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise FormDataError(f"{where}: expected an object")
    if unknown := set(raw) - allowed:
        raise FormDataError(f"{where}: unknown {', '.join(sorted(unknown))}")
    if missing := required - set(raw):
        raise FormDataError(f"{where}: missing {', '.join(sorted(missing))}")
    return raw


def _list(raw: Any, where: str) -> list[Any]:
    if not isinstance(raw, list):
        raise FormDataError(f"{where}: expected a list")
    return raw


def _shared(value: Any, shared: dict[str, Any], kind: str, where: str) -> Any:
    """``value`` itself, or what ``shared.json`` holds under that name."""
    if not isinstance(value, str):
        return value
    if value not in shared.get(kind, {}):
        raise FormDataError(f"{where}: {SHARED} has no {kind} named {value!r}")
    return shared[kind][value]


def _text(value: Any, where: str) -> dict[str, str]:
    """A text in Finnish, Swedish and English at least; other content languages (plain Finnish,
    Ukrainian...) may be added beside them, where a reader's own language is missing is said."""
    if not isinstance(value, dict) or not set(LANGUAGES) <= set(value):
        raise FormDataError(f"{where}: expected a text in {', '.join(LANGUAGES)}")
    if unknown := set(value) - set(content_locales()):
        raise FormDataError(f"{where}: unknown language {', '.join(sorted(unknown))}")
    if not all(isinstance(v, str) and v.strip() for v in value.values()):
        raise FormDataError(f"{where}: a text is empty")
    return dict(value)


def _help(raw: dict[str, Any], where: str) -> dict[str, str]:
    """A form's or a section's help text, which it may leave out."""
    return _text(raw["help"], where) if "help" in raw else {}


def _levels(value: Any, where: str) -> tuple[tuple[str, dict[str, str]], ...]:
    if not isinstance(value, dict):
        raise FormDataError(f"{where}: expected levels as {{value: text}}")
    return tuple((key, _text(text, f"{where}.{key}")) for key, text in value.items())


def _field(raw: Any, shared: dict[str, Any], where: str) -> FormField:
    raw = _object(raw, FIELD_KEYS, {"key", "kind", "label"}, where)
    help_text = _shared(raw.get("help"), shared, "texts", f"{where}.help")
    levels = _shared(raw.get("levels", {}), shared, "levels", f"{where}.levels")
    return FormField(
        key=raw["key"],
        kind=raw["kind"],
        label=_text(raw["label"], f"{where}.label"),
        help=_text(help_text, f"{where}.help") if help_text is not None else {},
        required=raw.get("required", True),
        levels=_levels(levels, f"{where}.levels"),
        skill=raw.get("skill", ""),
    )


def _section(raw: Any, shared: dict[str, Any], where: str) -> FormSection:
    raw = _object(raw, SECTION_KEYS, {"key", "title", "fields"}, where)
    return FormSection(
        key=raw["key"],
        title=_text(raw["title"], f"{where}.title"),
        fields=tuple(
            _field(f, shared, f"{where}.fields[{i}]")
            for i, f in enumerate(_list(raw["fields"], f"{where}.fields"))
        ),
        help=_help(raw, f"{where}.help"),
    )


def _form(raw: Any, shared: dict[str, Any], name: str) -> FormDefinition:
    raw = _object(raw, FORM_KEYS, FORM_KEYS - {"help"}, name)
    return FormDefinition(
        key=raw["key"],
        version=raw["version"],
        title=_text(raw["title"], f"{name}: title"),
        sections=tuple(
            _section(s, shared, f"{name}: sections[{i}]")
            for i, s in enumerate(_list(raw["sections"], f"{name}: sections"))
        ),
        filled_by=raw["filled_by"],
        help=_help(raw, f"{name}: help"),
        due=tuple(_list(raw["due"], f"{name}: due")),
        order=raw["order"],
    )
