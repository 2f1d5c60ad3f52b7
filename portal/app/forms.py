"""Pieces several forms share."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from flask import Response, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, StringField, SubmitField
from wtforms.fields.choices import SelectFieldBase
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


#: Where each list's search term is kept: in the session, never in the URL.
SEARCHES = "searches"
MAX_SEARCH = 200


def remembered_search(endpoint: str | None = None) -> tuple[SearchForm, Response | None]:
    """The list's search term, kept in the session instead of the URL: a name or an email in
    a URL ends up in server logs, the browser's history and Referer headers.

    A posted search (or an old ``?q=`` link) is stored for this list and answered with a
    redirect to the list's bare URL; the list then reads the term from the session.
    ``endpoint``: the list's, when a route of its own receives the search for it.
    """
    endpoint = endpoint or request.endpoint or ""
    sent = request.form.get("q") if request.method == "POST" else request.args.get("q")
    if sent is not None:
        searches = dict(session.get(SEARCHES) or {})
        searches[endpoint] = sent.strip()[:MAX_SEARCH]
        session[SEARCHES] = searches
        kept = {k: v for k, v in request.args.items() if k not in ("q", "page", "after", "before")}
        target = url_for(endpoint, **(request.view_args or {}), **kept)
        return SearchForm(formdata=None, q=searches[endpoint]), redirect(target, 303)
    term = (session.get(SEARCHES) or {}).get(endpoint, "")
    return SearchForm(formdata=None, q=term), None


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


def show_current(form: FlaskForm, record: object) -> None:
    """After a conflict: next to each field the user typed differently, what is saved now.

    The fields keep the user's text, so nothing typed is lost; the saved value is shown as
    the field's error so that the summary at the top links to it.
    """
    for field in form:
        if field.name in _NOT_COMPARED or not hasattr(record, field.name):
            continue
        saved = getattr(record, field.name)
        if saved == field.data or (saved in (None, "") and field.data in (None, "")):
            continue
        shown = _shown(field, saved)
        field.errors = [*field.errors, _("Saved meanwhile by someone else: %(value)s", value=shown)]


_NOT_COMPARED = frozenset({"csrf_token", "version", "submit"})


def _shown(field: Field, value: Any) -> str:
    """A stored value as the user knows it: the label of a choice, else the value as text."""
    if isinstance(field, SelectFieldBase):
        for choice_value, choice_label, *_rest in field.iter_choices():
            if str(choice_value) == str(value):
                return str(choice_label)
    if value in (None, ""):
        return str(_("(empty)"))
    return str(value)


def form_data(form: FlaskForm, cls: type[T]) -> T:
    """The dataclass ``cls`` a service takes, filled from the form's fields of the same names.

    Text is stripped and an empty text field gives ""; other fields give their data as is.
    """
    return cls(**{f.name: _value(getattr(form, f.name)) for f in fields(cls)})


def _value(field: Field) -> Any:
    if isinstance(field, StringField):
        return (field.data or "").strip()
    return field.data
