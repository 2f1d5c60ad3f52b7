"""The API fuzzed against its own OpenAPI document (schemathesis): for every operation and
the token of every kind of account, generated requests answer no server error and nothing the
document does not describe (status, media type, body)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from portal.app import clock
from portal.app.extensions import db
from portal.models import User
from portal.rest import tokens
from portal.rest.spec import BASE

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ACCOUNTS = ("admin", "coach", "employer", "client_user")


@pytest.fixture
def secrets_of(app, world) -> dict[str, str]:
    """A token with every scope for one account of each kind."""
    found = {}
    with app.app_context():
        for name in ACCOUNTS:
            user = db.session.get(User, getattr(world, name).id)
            day = clock.today() + timedelta(days=30)
            found[name] = tokens.make("Fuzz", user, list(tokens.SCOPES), day, user).secret
    return found


def test_the_api_keeps_to_its_document(app, secrets_of):
    schema = schemathesis.openapi.from_wsgi(BASE + "/openapi.json", app)
    operations = [found.ok() for found in schema.get_all_operations()]
    described = {
        f"{method.upper()} {path}"
        for path, methods in schema.raw_schema["paths"].items()
        for method in methods
        if path != "/openapi.json"  # the document itself, which schemathesis leaves out
    }
    assert {operation.label for operation in operations} == described
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
        def keeps_to_it(case):
            for secret in secrets_of.values():
                case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
            case.call_and_validate(checks=CHECKS)  # and without a token

        keeps_to_it()
