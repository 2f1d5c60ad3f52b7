"""One form field as accessible HTML: its label, hint, inline error and control.

Written in Python rather than as a Jinja macro: a form page renders each of its fields through
it, and the macro's dozen template operations per field cost more than the rest of a simple
form page. ``templates/macros/forms.html`` calls it as ``field(f)``.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import Field


def render_field(f: Field, class_: str = "") -> Markup:
    """The field in its ``div.field``: the hint and the error are tied to the control with
    ``aria-describedby``; a radio group is a fieldset whose legend is the question."""
    fid, kind, errors, description = f.id, f.type, f.errors, f.description
    required = bool(f.flags.required)
    described = " ".join(
        name for name, shown in ((f"{fid}-hint", description), (f"{fid}-error", errors)) if shown
    )
    hint = Markup('<p class="hint" id="{}-hint">{}</p>').format(fid, description)
    error = Markup('<p class="error" id="{}-error">{}</p>').format(fid, Markup(" ").join(errors))
    hint, error = (hint if description else ""), (error if errors else "")
    mark = Markup(' <span class="required">({})</span>').format(_("required")) if required else ""
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
            inner = Markup('<div class="check">{} {}</div>{}').format(f(**attrs), f.label, error)
        else:
            inner = Markup("{}{}{}{}{}").format(f.label, mark, hint, error, f(**attrs))
    state = " has-error" if errors else ""
    return Markup('<div class="field{} {}">{}</div>').format(state, class_, inner)
