"""Errors of the API as problem details (RFC 9457), in the caller's language.

The ``title`` says what kind of problem it is, ``detail`` what to do about this one; ``errors``
lists a request's invalid fields, each with where it is (``query``, ``body``) and why.
"""

from __future__ import annotations

from typing import Any

from flask import Response, json
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    401: (
        _l("Not signed in"),
        _l("Send a valid API token in the Authorization header: Bearer and the token."),
    ),
    403: (_l("Not allowed"), _l("The token's account or scopes do not allow this.")),
    404: (_l("Not found"), _l("There is no such resource, or the token may not see it.")),
    405: (_l("Method not allowed"), _l("This address does not take that method.")),
    409: (
        _l("Being saved"),
        _l("A request with the same Idempotency-Key is being saved: wait and send it again."),
    ),
    412: (
        _l("Changed meanwhile"),
        _l("The resource has changed since it was read: read it again and retry."),
    ),
    413: (_l("Too large"), _l("The request is too large.")),
    415: (
        _l("Not JSON"),
        _l("Send the body as a JSON object (Content-Type: application/json)."),
    ),
    422: (_l("Invalid request"), _l("Some of the request's values are not valid.")),
    428: (
        _l("Version required"),
        _l("Send the resource's ETag in an If-Match header to change it."),
    ),
    429: (_l("Too many requests"), _l("Too many requests. Wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged.")),
}


class Problem(HTTPException):
    """An API error with a detail (and a title) of its own and, for invalid input, the fields
    at fault."""

    def __init__(self, status: int, detail: Any = None, *, title: Any = None, **extra: Any) -> None:
        super().__init__()
        self.code = status
        self.detail = detail
        self.title = title
        self.extra = extra


def problem(status: int, detail: Any = None, *, title: Any = None, **extra: Any) -> Response:
    known, default = TITLES.get(status, TITLES[500])
    body = {
        "type": "about:blank",
        "title": str(title or known),
        "status": status,
        "detail": str(detail or default),
        **extra,
    }
    response = Response(json.dumps(body), status, mimetype=MEDIA_TYPE)
    response.headers["Content-Language"] = str(get_locale())
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="Polku API"'
    return response


def from_exception(exc: HTTPException) -> Response:
    """The problem for an ``HTTPException`` raised anywhere under the API's prefix."""
    if isinstance(exc, Problem):
        response = problem(exc.code or 500, exc.detail, title=exc.title, **exc.extra)
    else:
        response = problem(exc.code if exc.code in TITLES else 500)
    if exc.code == 405 and exc.response is None and hasattr(exc, "valid_methods"):
        response.headers["Allow"] = ", ".join(exc.valid_methods or ())
    return response


def refused(error: Any) -> Problem:
    """A 422 for a rule of the pages' services that the request broke (a ``RuleError``),
    naming its field."""
    reason = str(error.message)
    return Problem(422, errors=[{"name": error.field or "", "in": "body", "reason": reason}])
