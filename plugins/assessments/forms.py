"""The plugin's fixed forms; the assessment forms themselves are built from definitions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from plugins.assessments.i18n import _l
from portal.api import MailAddress, bounded_int

OCCASION_LABELS = {
    "intake": _l("At intake"),
    "placement_start": _l("Start of the placement"),
    "midway": _l("Midway"),
    "placement_end": _l("End of the placement"),
    "checkpoint": _l("Check Point"),
    "extra": _l("Asked by the coach"),
}
FILLER_LABELS = {
    "supervisor": _l("Workplace supervisor"),
    "client": _l("The young person"),
    "coach": _l("Coach"),
}
STATUS_LABELS = {
    "pending": _l("Not started"),
    "draft": _l("Draft saved"),
    "submitted": _l("Submitted"),
    "amended": _l("Replaced by an amendment"),
    "cancelled": _l("Cancelled"),
}


class LinkForm(FlaskForm):
    email = EmailField(
        _l("Send the link to (optional)"),
        validators=[Optional(), MailAddress(_l("Enter a valid email address.")), Length(max=254)],
        description=_l("Leave empty to copy the link yourself."),
    )
    submit = SubmitField(_l("Create a single-use link"))


class RespondentForm(FlaskForm):
    respondent = StringField(
        _l("Your name"), validators=[DataRequired(_l("Give your name.")), Length(max=200)]
    )


class AmendForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is the assessment amended?"),
        validators=[DataRequired(_l("Say why the assessment is amended.")), Length(max=1000)],
    )


class RequestForm(FlaskForm):
    form = SelectField(_l("Form"))
    placement = SelectField(_l("Placement"), coerce=bounded_int)
    submit = SubmitField(_l("Ask for the assessment"))
