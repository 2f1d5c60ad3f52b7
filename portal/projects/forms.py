"""The project form (replacing the single project's settings form), its people and the
organisation's name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from portal.app.forms import VersionedForm
from portal.app.parsing import bounded_int
from portal.reports.forms import parse_deadlines


class ProjectForm(VersionedForm):
    name = StringField(_l("Project name"), validators=[DataRequired(), Length(max=200)])
    funder = StringField(_l("Funder"), validators=[Length(max=200)])
    funding_code = StringField(_l("Funding code"), validators=[Length(max=60)])
    period_start = DateField(_l("Project starts"), validators=[DataRequired()])
    period_end = DateField(_l("Project ends"), validators=[DataRequired()])
    target_clients = IntegerField(
        _l("Target: clients"), validators=[InputRequired(), NumberRange(0, 100000)]
    )
    target_immigrant_percent = IntegerField(
        _l("Target: immigrant background (%)"), validators=[InputRequired(), NumberRange(0, 100)]
    )
    target_positive_percent = IntegerField(
        _l("Target: employed or studying (%)"), validators=[InputRequired(), NumberRange(0, 100)]
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


class ProjectPeopleForm(VersionedForm):
    coach_ids = SelectMultipleField(_l("Coaches"), coerce=bounded_int)
    company_ids = SelectMultipleField(_l("Partner companies"), coerce=bounded_int)
    submit = SubmitField(_l("Save"))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Save"))
