from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.forms.common import VersionedForm


class GroupForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    start_date = DateField(_l("Attitude Training starts"), validators=[DataRequired()])
    end_date = DateField(_l("Attitude Training ends"), validators=[DataRequired()])
    coach_ids = SelectMultipleField(
        _l("Coaches"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one coach."))],
    )
    submit = SubmitField(_l("Save"))

    def validate_end_date(self, field) -> None:
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class MembersForm(VersionedForm):
    client_ids = SelectMultipleField(_l("Members"), coerce=int)
    submit = SubmitField(_l("Save members"))
