"""Numbers, percentages and months in the reader's language, through Babel: "33,3 %" and
"maaliskuu 2026" in Finnish rather than "33.3 %" and "2026-03". Values that are not numbers
(a suppressed count "<5" or "x", a missing value) pass through unchanged."""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal

from babel.numbers import format_percent
from flask import Flask
from flask_babel import format_date, format_decimal, get_locale

from portal.app.catalogs import current_locale

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def number(value: object) -> object:
    return format_decimal(value) if _is_number(value) else value


def percent(value: object) -> object:
    """A percentage given as 0 to 100 (as the reports compute it), with its decimals kept."""
    if not _is_number(value):
        return value
    share = Decimal(str(value)) / 100
    return format_percent(share, locale=get_locale(), decimal_quantization=False)


def month(value: object) -> object:
    """A month as the reports label it ("2026-03"), or a date, as "March 2026"."""
    if isinstance(value, str) and (match := MONTH.match(value)):
        value = date(int(match[1]), int(match[2]), 1)
    return format_date(value, "LLLL yyyy") if isinstance(value, date) else value


def short_date(value: object) -> str:
    """The ``date`` filter: a day in the reader's short form ("5.12.2026"); a date and time
    as Flask-Babel gives it (in the reader's time zone); nothing for no value."""
    if not value:
        return ""
    if type(value) is not date:
        return format_date(value, "short")
    return _short_date(str(current_locale()), value)


@functools.lru_cache(maxsize=4096)
def _short_date(locale: str, day: date) -> str:
    """A day formatted once per language in a process (a list shows dozens); called in that
    language."""
    return format_date(day, "short")


def figure(value: object, unit: str = "") -> str:
    """A chart's value with its unit: " %" makes it a percentage."""
    if unit.strip() == "%":
        return str(percent(value))
    return f"{number(value)}{unit if _is_number(value) else ''}"


def init_formats(app: Flask) -> None:
    app.jinja_env.filters.update(number=number, percent=percent, month=month, date=short_date)
    app.jinja_env.globals["figure"] = figure
