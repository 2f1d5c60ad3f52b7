"""The API's reference page: the OpenAPI document written out as a page of the portal, so it
reads without JavaScript and under the portal's content security policy. The document's own
texts are in English, the language of the code they are written in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

from portal.access.permissions import public
from portal.rest import spec

bp = Blueprint("api_reference", __name__)


def _type(schema: dict[str, Any]) -> str:
    """A schema's type in a few words: ``integer``, ``string (date)``, ``ClientOut``..."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"[{_type(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "object")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _answer_type(answer: dict[str, Any]) -> str:
    """The type of an answer's body, whatever its media type."""
    return ", ".join(_type(media.get("schema", {})) for media in answer["content"].values())


@bp.route("/developers/api")
@public
def index():
    return render_template(
        "api/reference.html",
        document=spec.made(current_app),
        type_of=_type,
        answer_type=_answer_type,
        base=spec.BASE,
    )
