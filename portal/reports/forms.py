from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.app.forms import VersionedForm
from portal.app.parsing import bounded_int


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(lazy_pgettext("end of a date range", "To"), validators=[Optional()])
    group = SelectField(_l("Group"), coerce=bounded_int, validators=[Optional()])
    submit = SubmitField(_l("Show"))

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The period cannot end before it starts."))


class SettingsForm(VersionedForm):
    name = StringField(_l("Project name"), validators=[DataRequired(), Length(max=200)])
    period_start = DateField(_l("Project starts"), validators=[DataRequired()])
    period_end = DateField(_l("Project ends"), validators=[DataRequired()])
    target_clients = IntegerField(
        _l("Target: clients"), validators=[DataRequired(), NumberRange(1, 100000)]
    )
    target_immigrant_percent = IntegerField(
        _l("Target: immigrant background (%)"), validators=[DataRequired(), NumberRange(0, 100)]
    )
    target_positive_percent = IntegerField(
        _l("Target: employed or studying (%)"), validators=[DataRequired(), NumberRange(0, 100)]
    )
    submit = SubmitField(_l("Save"))

    def validate_period_end(self, field) -> None:
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period cannot end before it starts."))
