"""Forms as accessible HTML: each field with its label, hint, inline error and control; the
error summary; the hidden and one-time tokens.

Written in Python rather than as Jinja macros: a form page renders each of its fields through
them, and the macros' dozen template operations per field cost more than the rest of a simple
form page. ``templates/macros/forms.html`` keeps the macros' names, each calling one of these.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import Field, Form

from portal.app.once import new_token


def html(*parts: object) -> Markup:
    """``parts`` written one after the other, each escaped unless it is markup already: the
    cheapest way to put HTML together (``Markup.format`` parses its template on each call)."""
    return _JOIN(parts)


_JOIN = Markup("").join
_P_END, _DIV_END, _END = Markup("</p>"), Markup("</div>"), Markup('">')


def render_field(f: Field, class_: str = "") -> Markup:
    """The field in its ``div.field``: the hint and the error are tied to the control with
    ``aria-describedby``; a radio group is a fieldset whose legend is the question."""
    fid, kind, errors, description = f.id, f.type, f.errors, f.description
    required = bool(f.flags.required)
    described = " ".join(
        name for name, shown in ((f"{fid}-hint", description), (f"{fid}-error", errors)) if shown
    )
    hint = html(Markup('<p class="hint" id="'), fid, Markup('-hint">'), description, _P_END)
    error = html(
        Markup('<p class="error" id="'), fid, Markup('-error">'), Markup(" ").join(errors), _P_END
    )
    hint, error = (hint if description else ""), (error if errors else "")
    mark = (
        html(Markup(' <span class="required">('), _("required"), Markup(")</span>"))
        if required
        else ""
    )
    if kind == "RadioField":
        options = Markup("").join(
            Markup('<span class="option">{} {}</span>').format(option(required=False), option.label)
            for option in f
        )
        inner = Markup(
            '<fieldset id="{}"{}><legend>{}{}</legend>{}{}'
            '<div class="radio-row">{}</div></fieldset>'
        ).format(
            fid,
            Markup(' aria-describedby="{}"').format(described) if described else "",
            f.label.text,
            mark,
            hint,
            error,
            options,
        )
    else:
        attrs: dict[str, Any] = {}
        if described:
            attrs["aria-describedby"] = described
        if errors:
            attrs["aria-invalid"] = "true"
        if kind == "SelectField" and required:  # a "Choose..." first option with a value
            attrs.update({"required": False, "aria-required": "true"})
        if kind == "BooleanField":
            inner = html(Markup('<div class="check">'), f(**attrs), " ", f.label, _DIV_END, error)
        else:
            inner = html(f.label, mark, hint, error, f(**attrs))
    state = Markup(" has-error") if errors else ""
    return html(Markup('<div class="field'), state, " ", class_, Markup('">'), inner, _DIV_END)


def _input_type(f: Field) -> str | None:
    return getattr(f.widget, "input_type", None)


def error_summary(form: Form) -> Markup:
    """The summary at the top of a form sent with errors, each linked to its field; the
    script moves the focus to it (static/polku.js)."""
    fields = [f for f in form if f.errors]
    if not fields and not form.form_errors:
        return Markup("")
    items = [Markup("<li>{}</li>").format(message) for message in form.form_errors]
    items += [
        Markup('<li><a href="#{}">{}: {}</a></li>').format(f.id, f.label.text, message)
        for f in fields
        for message in f.errors
    ]
    return Markup(
        '<div class="error-summary" role="alert" tabindex="-1" '
        'aria-labelledby="error-summary-title"><h2 id="error-summary-title">{}</h2>'
        "<ul>{}</ul></div>"
    ).format(_("Please check the form"), Markup("").join(items))


def once() -> Markup:
    """A fresh one-time token: the same form sent twice is saved once (``portal.app.once``)."""
    return html(Markup('<input type="hidden" name="form_token" value="'), new_token(), _END)


def csrf() -> Markup:
    """The session's CSRF token and a one-time token, without ids, for a form of its own."""
    return html(
        Markup('<input type="hidden" name="csrf_token" value="'), generate_csrf(), _END, once()
    )


def hidden_fields(form: Form) -> Markup:
    """The hidden fields (CSRF token, version) and a one-time token, without ids, so that
    several forms can share a page."""
    return html(*[f(id=False) for f in form if _input_type(f) == "hidden"], once())


def form_fields(form: Form, skip: Collection[str] = ()) -> Markup:
    """The hidden fields, then every shown field but the buttons and those in ``skip``."""
    shown = (
        render_field(f)
        for f in form
        if _input_type(f) not in ("hidden", "submit")
        and f.name not in skip
        and f.name != "csrf_token"
    )
    return html(hidden_fields(form), Markup("\n").join(shown))


def render_form(form: Form, action: str = "", submit_label: str | None = None) -> Markup:
    """A whole form: its error summary, its fields and its button."""
    return Markup(
        '{}<form method="post"{} novalidate>{}<button type="submit">{}</button></form>'
    ).format(
        error_summary(form),
        Markup(' action="{}"').format(action) if action else "",
        form_fields(form),
        submit_label or form.submit.label.text,
    )
