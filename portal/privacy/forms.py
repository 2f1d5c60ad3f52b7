from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class ErasureForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the erasure"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("For example: the young person asked for it on 3 May. Do not write names."),
    )
    confirm = BooleanField(
        _l("I understand that the data is deleted for good and cannot be restored."),
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Erase the data"))
