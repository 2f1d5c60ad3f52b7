"""A request's query read into its pydantic model, or a 422 problem naming each field at
fault, in the caller's language."""

from __future__ import annotations

from typing import TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ValidationError

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
        raise Problem(
            422,
            errors=[
                _error(".".join(str(p) for p in e["loc"]), "query", REASONS.get(e["type"], OTHER))
                for e in invalid.errors()
            ],
        ) from None


def _error(name: str, where: str, reason: object) -> dict[str, str]:
    return {"name": name, "in": where, "reason": str(reason)}
