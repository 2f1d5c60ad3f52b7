"""Paged lists, with page numbers and ids kept inside what the database can hold."""

from __future__ import annotations

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select
from werkzeug.routing import IntegerConverter

from portal.app.extensions import db
from portal.app.parsing import MAX_INT, int_arg

MAX_ID = MAX_INT
MAX_PAGE = 100_000


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` URL parts above a 32-bit id answer 404 instead of overflowing SQL."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def page_number() -> int:
    return min(max(int_arg("page", 1), 1), MAX_PAGE)


def paginate(query: Select) -> Pagination:
    """One page of ``query`` (two statements: the rows and the total)."""
    return db.paginate(
        query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
