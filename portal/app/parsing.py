"""Request parsing that refuses what no browser sends: answers 400, never 500.

A malformed request (a file part where a form has a text field, a NUL byte, a number that does
not fit in a database integer) is refused before or while the view reads it, so no view and no
service has to think of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, current_app, request

F = TypeVar("F", bound=Callable[..., Any])
UPLOADS_ATTR = "accepts_uploads"
#: The largest id or number a form or a URL may name: a 32-bit signed database integer.
MAX_INT = 2**31 - 1
#: The bodies Werkzeug reads into ``request.form`` and ``request.files``.
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def accepts_files(*fields: str) -> Callable[[F], F]:
    """Let the view receive uploaded files in the form fields ``fields`` (and nowhere else)."""

    def mark(view: F) -> F:
        setattr(view, UPLOADS_ATTR, frozenset(fields))
        return view

    return mark


def refuse_malformed() -> None:
    """``before_request``: 400 for a NUL character in any value (no person types one, and
    PostgreSQL refuses to store one) and for a file part in a field that expects text."""
    form = request.mimetype in FORM_TYPES  # request.form and .files are empty otherwise
    for values in (request.args, request.form) if form else (request.args,):
        for value in values.listvalues():
            if any("\x00" in v for v in value):
                abort(400)
    if form and request.files:
        view = current_app.view_functions.get(request.endpoint or "")
        allowed = getattr(view, UPLOADS_ATTR, frozenset())
        if any(name not in allowed for name in request.files):
            abort(400)


def bounded_int(value: Any) -> int:
    """``int`` for choices and ids, refusing values a database integer cannot hold (as a
    ``ValueError``, which forms report as an invalid choice)."""
    number = int(value)
    if not -MAX_INT <= number <= MAX_INT:
        raise ValueError("out of range")
    return number


def whole_number(text: str) -> int | None:
    """A non-negative id written in plain digits, or None: not for superscripts ("²" passes
    ``isdigit``), signs, or numbers a database integer cannot hold."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_INT)):
        return None
    number = int(text)
    return number if number <= MAX_INT else None


def int_arg(name: str, default: int = 0) -> int:
    """The query parameter ``name`` as an int within range, else ``default``."""
    try:
        return bounded_int(request.args.get(name, default))
    except (TypeError, ValueError):
        return default
