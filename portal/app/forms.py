"""Pieces several forms share."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, StringField, SubmitField
from wtforms.validators import Optional

from portal.app.rules import RuleError

T = TypeVar("T")


class VersionedForm(FlaskForm):
    """A form that edits a versioned row carries the version it was rendered with."""

    version = HiddenField()


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search"), validators=[Optional()])
    submit = SubmitField(_l("Search"))


class ConfirmForm(FlaskForm):
    """An empty form: the CSRF token for a one-button action."""

    submit = SubmitField(_l("Confirm"))


def show_rule_error(form: FlaskForm, error: RuleError) -> None:
    """Put a refused rule's message next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def form_data(form: FlaskForm, cls: type[T]) -> T:
    """The dataclass ``cls`` a service takes, filled from the form's fields of the same names.

    Text is stripped and an empty text field gives ""; other fields give their data as is.
    """
    return cls(**{f.name: _value(getattr(form, f.name)) for f in fields(cls)})


def _value(field: Field) -> Any:
    if isinstance(field, StringField):
        return (field.data or "").strip()
    return field.data
