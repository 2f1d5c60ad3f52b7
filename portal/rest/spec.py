"""The OpenAPI document, built from the API's views (apispec): each view declares its
operation with :func:`operation`, its inputs and its answer as pydantic models, and the
document is made from those declarations and the URL map, so an endpoint cannot be served
without being described (``tests/test_api.py`` checks every one)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from apispec import APISpec
from flask import Flask
from flask_babel import force_locale
from pydantic import BaseModel, ConfigDict

from portal.app.pagination import MAX_ID
from portal.rest.events import add_webhooks
from portal.rest.problems import TITLES
from portal.rest.schemas import Person

F = TypeVar("F", bound=Callable[..., Any])
ATTR = "api_operation"
BASE = "/api/v1"
DOCUMENT = "portal.rest.document"
REFS = "#/components/schemas/{model}"
#: An id in a path: what ``<int:...>`` takes (``portal.app.pagination.BoundedIntConverter``).
ID = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
TEXT = {"type": "string"}
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


@dataclass(frozen=True)
class Operation:
    summary: str
    answer: type[BaseModel]
    query: type[BaseModel] | None = None
    #: The JSON body it takes.
    body: type[BaseModel] | None = None
    #: It makes a resource: 201 with its address, instead of 200.
    creates: bool = False
    scope: str | None = None
    #: The answers other than 200 that the operation gives, besides 401 and 429.
    errors: tuple[int, ...] = ()
    public: bool = False
    #: Request headers it reads: (name, required, description).
    headers: tuple[tuple[str, bool, str], ...] = ()
    #: Answers without a body: status -> description (a 304 to ``If-None-Match``).
    bare: tuple[tuple[int, str], ...] = ()
    #: Other statuses that answer with the same body (a write's 201 beside a dry run's 200).
    also: tuple[int, ...] = ()


def operation(summary: str, answer: type[BaseModel], **options: Any) -> Callable[[F], F]:
    """Declare the view's operation for the document."""

    def mark(view: F) -> F:
        setattr(view, ATTR, Operation(summary, answer, **options))
        return view

    return mark


def declared(view: Callable[..., Any] | None) -> Operation | None:
    return getattr(view, ATTR, None)


def _schema(spec: APISpec, model: type[BaseModel]) -> dict[str, str]:
    """The model (and the models it names) among the document's schemas; a reference to it."""
    schema = model.model_json_schema(ref_template=REFS)
    _add_nested(spec, schema)
    if model.__name__ not in spec.components.schemas:
        spec.components.schema(model.__name__, schema)
    return {"$ref": REFS.format(model=model.__name__)}


def _add_nested(spec: APISpec, schema: dict[str, Any]) -> None:
    """The models a model names, among the document's schemas."""
    for name, nested in schema.pop("$defs", {}).items():
        if name not in spec.components.schemas:
            spec.components.schema(name, nested)


def _parameters(spec: APISpec, rule: str, query: type[BaseModel] | None) -> list[dict[str, Any]]:
    found = [
        {"name": name, "in": "path", "required": True, "schema": ID if kind == "int" else TEXT}
        for kind, name in _ARGUMENT.findall(rule)
    ]
    if query is not None:
        schema = query.model_json_schema(ref_template=REFS)
        _add_nested(spec, schema)
        required = set(schema.get("required", ()))
        for name, field in schema["properties"].items():
            found.append(
                {
                    "name": name,
                    "in": "query",
                    "required": name in required,
                    "description": field.pop("description", ""),
                    "schema": field,
                }
            )
    return found


def _answers(spec: APISpec, op: Operation) -> dict[str, Any]:
    problem = {"application/problem+json": {"schema": {"$ref": REFS.format(model="Problem")}}}
    ok = {"application/json": {"schema": _schema(spec, op.answer)}}
    answers: dict[str, Any] = {"201" if op.creates else "200": {"description": "OK", "content": ok}}
    etag = {"ETag": {"description": "The version read: If-Match takes it.", "schema": TEXT}}
    if op.creates:
        where = {"Location": {"description": "Its address.", "schema": TEXT}}
        answers["201"]["headers"] = {**etag, **where}
    elif any(name == "If-Match" for name, _, _ in op.headers) or dict(op.bare).get(304):
        answers["200"]["headers"] = etag
    codes = (*op.errors, 429) if op.public else (401, *op.errors, 429)
    for code in sorted(set(codes)):
        answers[str(code)] = {"description": str(TITLES[code][0]), "content": problem}
    for code, description in op.bare:
        answers[str(code)] = {"description": description}
    for code in op.also:
        answers[str(code)] = {"description": "OK", "content": ok}
    return answers


def document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every endpoint under ``/api/v1``."""
    spec = APISpec(
        title="Polku API",
        version="1",
        openapi_version="3.1.0",
        info={"description": "Polku's JSON API. Send an API token: Authorization: Bearer."},
        servers=[{"url": BASE}],
        security=[{"token": []}],
    )
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Problem", PROBLEM)
    _schema(spec, Person)  # what a 409's ``duplicates`` lists
    operations: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(BASE + "/"):
            continue
        op = declared(app.view_functions[rule.endpoint])
        if op is None:
            raise LookupError(f"{rule.endpoint} serves {rule.rule} but declares no operation")
        path = _ARGUMENT.sub(r"{\2}", rule.rule)[len(BASE) :]
        described = {
            "summary": op.summary,
            "operationId": rule.endpoint.split(".")[-1],
            "parameters": [
                *_parameters(spec, rule.rule, op.query),
                *(
                    {"name": n, "in": "header", "required": r, "description": d, "schema": TEXT}
                    for n, r, d in op.headers
                ),
            ],
            "responses": _answers(spec, op),
        }
        if op.body is not None:
            body = {"application/json": {"schema": _schema(spec, op.body)}}
            described["requestBody"] = {"required": True, "content": body}
        if op.public:
            described["security"] = []
        elif op.scope:
            described["description"] = f"Scope: {op.scope}"
        methods = sorted(m.lower() for m in rule.methods or () if m not in ("HEAD", "OPTIONS"))
        operations.setdefault(path, {}).update({method: described for method in methods})
    for path, described_ops in operations.items():
        spec.path(path=path, operations=described_ops)
    written = spec.to_dict()
    add_webhooks(spec, written, _schema)
    return written


def made(app: Flask) -> dict[str, Any]:
    """:func:`document`, made once per application, in English whoever asks first (its
    texts are the code's)."""
    if DOCUMENT not in app.extensions:
        with force_locale("en"):
            app.extensions[DOCUMENT] = document(app)
    return app.extensions[DOCUMENT]


PROBLEM = {
    "type": "object",
    "description": "An error (RFC 9457), in the language of Accept-Language.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "duplicates": {
            "type": "array",
            "description": "With 409 to a referral: the young people it is likely to be.",
            "items": {"$ref": REFS.format(model="Person")},
        },
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "in": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
