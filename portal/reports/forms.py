from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.app.forms import VersionedForm
from portal.app.parsing import bounded_int


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(lazy_pgettext("end of a date range", "To"), validators=[Optional()])
    project = SelectField(_l("Project"), coerce=bounded_int, validators=[Optional()])
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
    reporting_deadlines = TextAreaField(
        _l("Reporting deadlines"),
        description=_l("One date a line, for example 2027-03-31 or 31.3.2027."),
        validators=[Length(max=2000)],
    )
    quality_remind_days = IntegerField(
        _l("Remind coaches of data problems this many days before a deadline"),
        validators=[DataRequired(), NumberRange(1, 90)],
    )
    submit = SubmitField(_l("Save"))

    def validate_reporting_deadlines(self, field) -> None:
        try:
            field.data = "\n".join(d.isoformat() for d in parse_deadlines(field.data or ""))
        except ValueError as error:
            raise ValidationError(
                _l(
                    "%(line)s is not a date. Write one date a line, e.g. 2027-03-31.",
                    line=str(error)[:40],
                )
            ) from None

    def validate_period_end(self, field) -> None:
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period cannot end before it starts."))


def parse_deadlines(text: str) -> list[date]:
    """The dates of ``text`` (ISO or d.m.yyyy, one a line), sorted, each once.

    A line that is not a date raises ``ValueError`` carrying the line.
    """
    days: set[date] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            if "." in line:
                day, month, year = (int(p) for p in line.split("."))
                days.add(date(year, month, day))
            else:
                days.add(date.fromisoformat(line))
        except (TypeError, ValueError):
            raise ValueError(line) from None
    return sorted(days)


class LeaversForm(FlaskForm):
    """The period whose leavers the "came back" table counts."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    start = DateField(_l("Left from"), validators=[Optional()])
    end = DateField(_l("Left by"), validators=[Optional()])
    submit = SubmitField(_l("Show"))

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The period cannot end before it starts."))
