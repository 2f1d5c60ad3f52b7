from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from portal.app.forms import VersionedForm
from portal.app.parsing import bounded_int
from portal.app.validators import MailAddress, business_id
from portal.models.labels import COMPANY_STATUS_LABELS as STATUS_LABELS
from portal.models.labels import ROLE_LABELS

LOCALE_CHOICES = [
    SelectChoice("", _l("Browser's language")),
    SelectChoice("fi", "Suomi"),
    SelectChoice("sv", "Svenska"),
    SelectChoice("en", "English"),
]


class UserForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), MailAddress(), Length(max=254)])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()]
    )
    company_id = SelectField(
        _l("Company"),
        coerce=bounded_int,
        validators=[Optional()],
        description=_l("Required for employers."),
    )
    project_id = SelectField(
        _l("Project"),
        coerce=bounded_int,
        validators=[Optional()],
        description=_l("Required for project managers: the project they administer."),
    )
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES)
    active = BooleanField(_l("Active (may sign in)"), default=True)
    submit = SubmitField(_l("Save"))


class CompanyForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    business_id = StringField(
        _l("Business ID (Y-tunnus)"),
        validators=[DataRequired(), business_id],
        description=_l("For example 1572860-0."),
    )
    industry = StringField(_l("Industry"), validators=[Optional(), Length(max=120)])
    street_address = StringField(_l("Street address"), validators=[Optional(), Length(max=200)])
    postal_code = StringField(
        _l("Postal code"),
        validators=[Optional(), Regexp(r"^\d{5}$", message=_l("Enter five digits."))],
    )
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Partnership status"),
        choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()],
    )
    submit = SubmitField(_l("Save"))


class CompanyCoachForm(FlaskForm):
    """Give a company to a coach who has no client placed there (yet)."""

    coach = SelectField(
        _l("Coach"), coerce=int, validators=[DataRequired(message=_l("Choose a coach."))]
    )
    submit = SubmitField(_l("Give the company to the coach"))
