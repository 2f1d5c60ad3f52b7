"""A request's query read into its pydantic model, or a 422 problem naming each field at
fault, in the caller's language."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import BaseModel, ValidationError
from werkzeug.datastructures import MultiDict

from portal.rest.problems import Problem

M = TypeVar("M", bound=BaseModel)
REASONS = {
    "missing": _l("This value is required."),
    "extra_forbidden": _l("There is no such parameter."),
    "int_parsing": _l("Give a whole number."),
    "int_from_float": _l("Give a whole number."),
    "greater_than_equal": _l("The number is too small."),
    "less_than_equal": _l("The number is too large."),
    "enum": _l("This is not one of the values allowed."),
    "literal_error": _l("This is not one of the values allowed."),
}
OTHER = _l("This value is not valid.")


def query(model: type[M]) -> M:
    """``request.args`` as ``model``; a parameter given twice is refused."""
    args = request.args
    twice = [name for name in args if len(args.getlist(name)) > 1]
    if twice:
        raise Problem(422, errors=[_error(name, "query", OTHER) for name in twice])
    try:
        return model.model_validate(args.to_dict())
    except ValidationError as invalid:
        raise _invalid(invalid, "query") from None


def body(model: type[M]) -> M:
    """The request's JSON object as ``model``; 415 when it is not JSON, 422 naming each
    field at fault."""
    try:
        sent = request.get_json(silent=True) if request.is_json else None
    except RecursionError:  # nested deeper than any parser should follow
        raise Problem(400) from None
    if not isinstance(sent, dict):
        raise Problem(415)
    with_nul = [name for name, value in sent.items() if "\x00" in str(value)]
    if with_nul:  # no person types one, and PostgreSQL refuses to store one
        raise Problem(422, errors=[_error(name, "body", OTHER) for name in with_nul])
    try:
        return model.model_validate(sent)
    except ValidationError as invalid:
        raise _invalid(invalid, "body") from None


def as_formdata(values: dict[str, Any]) -> MultiDict:
    """JSON values as a form would send them, for the page's form and its rules: a date as
    ISO text, a true checkbox as ``y`` (a false one is left out), None as an empty field."""
    sent = MultiDict()
    for name, value in values.items():
        if value is False:
            continue
        if value is None:  # a change's null empties the field, as an emptied form field does
            sent[name] = ""
            continue
        sent[name] = (
            "y"
            if value is True
            else value.isoformat()
            if hasattr(value, "isoformat")
            else str(value)
        )
    return sent


def form_errors(form: FlaskForm) -> list[dict[str, str]]:
    """The form's errors as the problem's ``errors``."""
    return [
        _error(name, "body", message)
        for name, messages in form.errors.items()
        for message in messages
    ]


def _invalid(invalid: ValidationError, where: str) -> Problem:
    """A 422 naming each field pydantic refused, and why, in the caller's language."""
    return Problem(
        422,
        errors=[
            _error(".".join(str(p) for p in e["loc"]), where, REASONS.get(e["type"], OTHER))
            for e in invalid.errors()
        ],
    )


def _error(name: str, where: str, reason: object) -> dict[str, str]:
    return {"name": name, "in": where, "reason": str(reason)}
