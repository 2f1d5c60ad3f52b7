"""The readable copy writes dates and times exactly as ``format_date`` and
``format_datetime`` would, with the patterns looked up once per request."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import force_locale, format_date, format_datetime

from portal.privacy.dates import Writer

MOMENTS = (
    datetime(2026, 3, 29, 0, 30),  # naive = UTC, the night summer time starts in Finland
    datetime(2026, 3, 29, 1, 30),
    datetime(2026, 10, 25, 0, 30),  # and ends
    datetime(2026, 12, 31, 22, 5, 7, tzinfo=UTC),  # another day and year in Helsinki
    datetime(2027, 1, 5, 9, 0),
)


def test_dates_and_times_are_written_as_babel_writes_them(app):
    with app.test_request_context():
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                writer = Writer()
                for moment in MOMENTS:
                    assert writer.datetime(moment) == format_datetime(moment, "short"), language
                    day = moment.date()
                    assert writer.date(day) == format_date(day, "short"), language
                assert writer.date(date(2027, 2, 1)) == format_date(date(2027, 2, 1), "short")
