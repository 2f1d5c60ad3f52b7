"""The portal's ``html_params`` writes exactly what WTForms' own would."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from wtforms import Form, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.app.widgets import WTFORMS_HTML_PARAMS, html_params, install_html_params

CASES = [
    {"name": "q", "id": "q", "type": "text", "value": ""},
    {"checked": True, "readonly": False, "name": "text1", "abc": "hello"},
    {"class_": "wide", "for_": "x", "data_some_thing": "1", "aria_described_by": "x-hint"},
    {"value": '"><script>alert(1)</script>', "title": "a & b <c>"},
    {"value": Markup('already "markup" <b>x</b>'), "maxlength": 200, "min": 0},
    {"value": None, "data_n": 3.5, "aria_invalid": "true"},
    # hostile text a person may type (a spreadsheet formula, an SQL-looking string) and
    # letters outside ASCII: written as typed, escaped the same way
    {"name": "=SUM(A1)", "value": "'; DROP TABLE x;--", "placeholder": "ä ö å €"},
    {},
]


@pytest.mark.parametrize("attrs", CASES)
def test_the_same_attributes_as_wtforms(attrs):
    ours, theirs = html_params(**attrs), WTFORMS_HTML_PARAMS(**attrs)
    assert isinstance(ours, Markup)
    assert ours == theirs


class _Form(Form):
    name = StringField("Nimi <x>", [DataRequired(), Length(max=40)])
    note = TextAreaField("Huom", default='a "b" <c>')


def test_fields_render_as_wtforms_renders_them():
    install_html_params()
    form = _Form()
    assert form.name() == (
        '<input id="name" maxlength="40" name="name" required type="text" value="">'
    )
    assert form.name.label() == '<label for="name">Nimi &lt;x&gt;</label>'
    assert form.note(rows=3) == (
        '<textarea id="note" name="note" rows="3">\r\na &#34;b&#34; &lt;c&gt;</textarea>'
    )
