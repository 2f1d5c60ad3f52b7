"""The JSON API under ``/api/v1`` (ADR 0052): tokens instead of sign-in sessions, the pages'
scopes and read audit, errors as problem details, an OpenAPI document built from the code."""

from flask import g

#: Every path of the API starts so; the session store, the guard and the error pages look.
PREFIX = "/api/"


def by_token() -> bool:
    """The request is signed in by an API token (``portal.rest.auth``), not by a session."""
    return "api_token" in g
