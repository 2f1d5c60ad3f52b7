"""The one way a worklist list is read: the most urgent rows first, at most ``LIMIT`` of them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select

from portal.app.extensions import db

#: A list longer than this is not read to the end by anyone; the rest waits for the next day.
LIMIT = 100


def first_rows(query: Select) -> list[Any]:
    """The first ``LIMIT`` rows of ``query`` (already ordered by urgency), in one statement."""
    return list(db.session.execute(query.limit(LIMIT)).all())
