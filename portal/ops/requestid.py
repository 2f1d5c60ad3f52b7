"""A request id on every request: taken from ``X-Request-ID`` when it is well formed,
otherwise made here; sent back on the response and written on every log line."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
#: What a proxy or a load balancer sends (UUIDs, hex, base64url ids): letters, digits and
#: ``-_.:``, at most 64. Anything else (a log-injection attempt, a huge value) is replaced.
VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept(value: str | None) -> str:
    """The incoming id when it is safe to log and pass on, else a new one."""
    if value and VALID.fullmatch(value):
        return value
    return new_request_id()


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request."""
    if not has_request_context():
        return None
    return g.get("request_id")


def _take() -> None:
    g.request_id = accept(request.headers.get(HEADER))


def _send(response: Response) -> Response:
    response.headers[HEADER] = g.get("request_id") or accept(None)
    return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def init_request_id(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _take)
    app.after_request(_send)
