"""A select widget for long flat lists, such as a city's coaches (hundreds of options)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from wtforms import Field, SelectChoice
from wtforms.widgets import Select, html_params


class FlatSelect(Select):
    """WTForms' select, written in one pass when every choice is a plain ``SelectChoice``.

    WTForms normalises each choice twice per rendering and writes each option's attributes
    through ``html_params``: about 50 µs an option, 16 ms for 336 coaches, most of a form
    page. The markup is the same as WTForms' (a test compares them); choices with attributes
    or option groups are left to WTForms.
    """

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        choices = field.choices
        if not isinstance(choices, list) or not all(_plain(choice) for choice in choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        for name in self.validation_attrs:
            if name not in kwargs and getattr(field.flags, name, None):
                kwargs[name] = getattr(field.flags, name)
        chosen = (field.data or ()) if self.multiple else (field.data,)
        coerce = field.coerce
        options = "".join(
            f'<option {"selected " if coerce(c.value) in chosen else ""}value="{escape(c.value)}">'
            f"{escape(c.label or c.value)}</option>"
            for c in choices
        )
        select = html_params(name=field.name, **kwargs)
        return Markup(f"<select {select}>{options}</select>")  # noqa: S704 - escaped above


def _plain(choice: object) -> bool:
    return (
        type(choice) is SelectChoice
        and not choice.render_kw
        and choice.optgroup is None
        and not isinstance(choice.value, bool)
    )
