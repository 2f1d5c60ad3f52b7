"""Code lists read from the national koodisto files shipped in ``portal/data``."""

from __future__ import annotations

import json
from functools import cache

from wtforms import SelectChoice

from portal.app.resources import resource_path

LANGUAGE_LEVELS_FILE = resource_path("data") / "arviointiasteikkokehittyvankielitaidontasot.json"


def _level_sort_key(code: str) -> tuple[int, str]:
    if code.startswith("alle_"):
        return (0, code)
    if code.startswith("yli_"):
        return (2, code)
    return (1, code)


@cache
def _language_levels() -> tuple[tuple[str, dict[str, str]], ...]:
    entries = json.loads(LANGUAGE_LEVELS_FILE.read_text(encoding="utf-8"))
    levels = []
    for entry in entries:
        code = entry["koodiArvo"]
        names = {m["kieli"].lower(): m["nimi"] for m in entry.get("metadata", []) if m.get("nimi")}
        levels.append((code, names))
    return tuple(sorted(levels, key=lambda level: _level_sort_key(level[0])))


def finnish_level_choices(locale: str) -> list[SelectChoice]:
    """The levels in proficiency order, labelled in ``locale`` where the data has it."""
    return [
        SelectChoice(code, names.get(locale) or names.get("fi") or code)
        for code, names in _language_levels()
    ]
