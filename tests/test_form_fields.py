"""One field's markup (portal/app/fields.py): label, hint and error tied to the control."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired

from portal.app.fields import render_field


class Example(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name <b>", validators=[DataRequired()], description="As in <ID>")
    goal = SelectField(
        "Goal",
        choices=[SelectChoice("", "Choose"), SelectChoice("work", "Work")],
        validators=[DataRequired()],
    )
    mode = RadioField("How", choices=[SelectChoice("a", "By phone"), SelectChoice("b", "On site")])
    agreed = BooleanField("Agreed & signed")


def _form(app, **errors) -> Example:
    with app.test_request_context("/"):
        form = Example(formdata=None)
        for name, message in errors.items():
            form[name].errors = [message]
        return form


def test_a_required_text_field_with_a_hint_and_an_error(app):
    form = _form(app, name="Missing <here>")
    with app.test_request_context("/"):
        html = str(render_field(form.name, "wide"))
    assert html.startswith('<div class="field has-error wide">')
    assert '<label for="name">Name &lt;b&gt;</label> <span class="required">(' in html
    assert '<p class="hint" id="name-hint">As in &lt;ID&gt;</p>' in html
    assert '<p class="error" id="name-error">Missing &lt;here&gt;</p>' in html
    control = re.search(r"<input [^>]*>", html).group(0)
    assert 'aria-describedby="name-hint name-error"' in control
    assert 'aria-invalid="true"' in control and " required" in control


def test_a_required_select_says_so_without_the_html_attribute(app):
    with app.test_request_context("/"):
        html = str(render_field(_form(app).goal))
    select = re.search(r"<select [^>]*>", html).group(0)
    assert 'aria-required="true"' in select and " required" not in select
    assert "aria-describedby" not in select and "has-error" not in html


def test_a_radio_group_is_a_fieldset_whose_legend_is_the_question(app):
    form = _form(app, mode="Choose one")
    with app.test_request_context("/"):
        html = str(render_field(form.mode))
    assert '<fieldset id="mode" aria-describedby="mode-error"><legend>How</legend>' in html
    assert html.count('<span class="option"><input') == 2
    assert '<label for="mode-0">By phone</label>' in html
    assert '<p class="error" id="mode-error">Choose one</p>' in html


def test_a_checkbox_comes_before_its_label_and_its_error_after(app):
    form = _form(app, agreed="Tick it")
    with app.test_request_context("/"):
        html = str(render_field(form.agreed))
    assert re.search(r'<div class="check"><input [^>]*type="checkbox"[^>]*> <label', html)
    assert 'Agreed &amp; signed</label></div><p class="error" id="agreed-error">' in html
