"""Dates and times on the readable copy, written as ``format_date`` and ``format_datetime``
("short") write them, in the reader's language and time zone.

The copy writes some hundred of them; Babel looks the locale's patterns up and parses them
again for each value, which was most of the time spent on the copy's values. Here the
patterns are looked up once per request.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import get_date_format, get_datetime_format, get_time_format, parse_pattern
from flask import g
from flask_babel import get_locale, to_user_timezone


class Writer:
    """The reader's "short" patterns, looked up once."""

    def __init__(self) -> None:
        self.locale = get_locale()
        self.day = parse_pattern(get_date_format("short", locale=self.locale))
        self.time = parse_pattern(get_time_format("short", locale=self.locale))
        self.both = get_datetime_format("short", locale=self.locale).replace("'", "")

    def date(self, value: date) -> str:
        return self.day.apply(value, self.locale)

    def datetime(self, value: datetime) -> str:
        """As Babel's ``format_datetime``: naive values are UTC, shown in the reader's zone."""
        local = to_user_timezone(value)
        time = self.time.apply(local.timetz(), self.locale, reference_date=local.date())
        return self.both.replace("{0}", time).replace("{1}", self.date(local.date()))


def writer() -> Writer:
    """This request's writer."""
    if "privacy_dates" not in g:
        g.privacy_dates = Writer()
    return g.privacy_dates
