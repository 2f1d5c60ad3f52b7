"""Limits that keep a malformed or hostile file from costing more than a refusal: nesting
depth, list lengths, node count and time. A reader takes the usable part of a value of the
wrong type and notes what it skipped."""

from __future__ import annotations

import json
import math
import time
from typing import Any

from plugins.recognition.eperusteet.parsed import ImportRefused
from plugins.recognition.i18n import _

#: Real files nest about 15 levels deep (a structure tree inside a qualification).
MAX_DEPTH = 40
#: Real files have up to a few hundred units and a few hundred items in a list.
MAX_ITEMS = 2_000
MAX_NODES = 2_000_000
MAX_SECONDS = 20.0
#: What one file may add to the catalog; the largest real qualifications have a few thousand.
MAX_REQUIREMENTS = 20_000
MAX_CRITERIA = 100_000
#: Groups and units in a structure tree; real ones have under a hundred.
MAX_STRUCTURE = 2_000


class Notes(list[str]):
    """What a reader skipped, with the reason, and the time the reading may still take."""

    def __init__(self, seconds: float | None = None) -> None:
        super().__init__()
        self.deadline = time.monotonic() + (MAX_SECONDS if seconds is None else seconds)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise ImportRefused(_("Reading the file took too long; it was stopped."))


def load(data: bytes) -> Any:
    """The file's JSON, refused if it is not JSON, nests too deeply or has too many values."""
    try:
        raw = json.loads(data, parse_constant=_no_constant)
    except RecursionError:
        raise ImportRefused(_("The file nests too deeply.")) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportRefused(_("The file is not valid JSON (%(error)s).", error=error)) from None
    _check_shape(raw)
    return raw


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _check_shape(raw: Any) -> None:
    stack = [(raw, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ImportRefused(_("The file nests more than %(n)d levels deep.", n=MAX_DEPTH))
        nodes += 1
        if nodes > MAX_NODES:
            raise ImportRefused(_("The file has too many values (over %(n)d).", n=MAX_NODES))
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any, notes: Notes, where: str) -> list:
    """A list's first ``MAX_ITEMS`` entries; a value of another type noted and read as empty."""
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        notes.append(_("%(where)s: a list was expected; skipped", where=where))
        return []
    if len(value) > MAX_ITEMS:
        notes.append(
            _(
                "%(where)s: only the first %(n)d of %(total)d entries were read",
                where=where,
                n=MAX_ITEMS,
                total=len(value),
            )
        )
        return value[:MAX_ITEMS]
    return value


def number(value: Any) -> float | None:
    """A finite, non-negative number below a million, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and 0 <= value < 1_000_000 else None
