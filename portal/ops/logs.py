"""Log lines as one JSON object each, with the request id, for a log collector to index.

``LOG_FORMAT=json`` (the default in production) puts one handler on the root logger, so the
portal's, Flask's, SQLAlchemy's and the libraries' records all come out alike; ``text`` leaves
logging as Flask sets it up. ``gunicorn.conf.py`` writes gunicorn's own lines the same way.
"""

from __future__ import annotations

import logging
import sys

from flask import Flask
from pythonjsonlogger.json import JsonFormatter

from portal.ops.requestid import RequestIdFilter

FIELDS = ("asctime", "levelname", "name", "message")
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        list(FIELDS),
        rename_fields=RENAMED,
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


class StderrHandler(logging.StreamHandler):
    """Writes to ``sys.stderr`` as it is when the line is written, not when the app was built
    (a process manager or a test may replace it in between)."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def json_handler() -> logging.Handler:
    """A handler writing JSON lines that carry ``request_id`` to standard error."""
    handler = StderrHandler()
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    handler.polku_json = True  # type: ignore[attr-defined]
    return handler


def init_logging(app: Flask) -> None:
    if app.config.get("LOG_FORMAT", "text") != "json":
        return
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "polku_json", False)]:
        root.removeHandler(handler)  # a second app in the same process replaces it
    root.addHandler(json_handler())
    root.setLevel(str(app.config.get("LOG_LEVEL") or "INFO").upper())  # "info" works too
    # Flask's own handler would print each record a second time, as text.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
