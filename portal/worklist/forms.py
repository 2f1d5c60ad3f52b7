"""The done-or-snooze form of a worklist item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.models import MarkState


class MarkForm(FlaskForm):
    state = RadioField(
        _l("What to do with the item"),
        choices=[
            SelectChoice(MarkState.DONE.value, _l("Done: take it off my worklist")),
            SelectChoice(MarkState.SNOOZED.value, _l("Snooze: bring it back on a day I choose")),
        ],
        validators=[DataRequired()],
    )
    until = DateField(_l("Comes back on"), validators=[Optional()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
    submit = SubmitField(_l("Save"))
