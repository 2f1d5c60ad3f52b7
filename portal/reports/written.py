"""The reports' figures as the reader's language writes them ("1 234", "33,3 %", "maaliskuu
2026"), each distinct value written once per language.

Babel takes some 30 microseconds to write one number, and a report writes hundreds: counts,
rates and months, most of them a few values over and over (0, a rate with one decimal, the
same months). :class:`Written` writes them as ``portal.app.formats`` (the templates' ``number``,
``percent`` and ``month`` filters) and the ``date`` filter do, keeping what it wrote for the
language it writes in.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_babel import format_date, get_locale

from portal.app import formats

#: What stands for a value that is not shown at all (a rate under the threshold).
NONE = "–"
_WAYS = {
    "number": formats.number,
    "percent": formats.percent,
    "month": formats.month,
    "date": lambda value: format_date(value, "short") if value else "",
}


@lru_cache(maxsize=8192)
def _write(locale: str, way: str, kind: type, value: Any) -> str:
    """``value`` written ``way`` in ``locale``, which is the request's (the formatters read it
    from there): ``locale`` and ``kind`` keep apart what is written differently (1 and 1.0
    are the same key to a dict, but a rate of 45.0 is written "45,0 %")."""
    del locale, kind
    return str(_WAYS[way](value))


class Written:
    """Writes figures in the language of the request it is made in."""

    def __init__(self) -> None:
        self.locale = str(get_locale())

    def _write(self, way: str, value: Any) -> str:
        return NONE if value is None else _write(self.locale, way, type(value), value)

    def number(self, value: Any) -> str:
        """A count or a rate as a number ("<5" and "x" as they are); :data:`NONE` for None."""
        return self._write("number", value)

    def percent(self, value: Any) -> str:
        """A rate (0 to 100) as a percentage; :data:`NONE` for None."""
        return self._write("percent", value)

    def month(self, value: Any) -> str:
        """A month ("2026-03") as the language names it."""
        return self._write("month", value)

    def date(self, value: Any) -> str:
        """A day, short, as the templates' ``date`` filter writes it ("" for none)."""
        return _write(self.locale, "date", type(value), value)

    def figure(self, value: Any, unit: str = "") -> str:
        """A chart's value with its unit (" %": a percentage, as ``formats.figure``);
        :data:`NONE` for None."""
        if unit.strip() == "%":
            return self.percent(value)
        if not unit or value is None:
            return self.number(value)
        return formats.figure(value, unit)
