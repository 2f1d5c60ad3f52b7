"""Pieces several forms share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import Optional

from portal.app.rules import RuleError


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
