from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.app import clock
from portal.app.forms import VersionedForm
from portal.app.i18n import language_select_choices
from portal.app.parsing import bounded_int
from portal.app.validators import MailAddress
from portal.app.widgets import FlatSelect
from portal.models import EmploymentStatus
from portal.models.labels import EDUCATION_LABELS, EMPLOYMENT_LABELS, GOAL_LABELS


class ClientForm(VersionedForm):
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    birth_year = IntegerField(
        _l("Year of birth"),
        validators=[
            DataRequired(message=_l("Enter the year of birth as four digits.")),
            NumberRange(
                min=clock.today().year - 40,
                max=clock.today().year - 13,
                message=_l("Enter a year between %(min)s and %(max)s."),
            ),
        ],
    )
    email = EmailField(_l("Email"), validators=[Optional(), MailAddress(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=100)])
    referral_source = StringField(_l("Referred by"), validators=[Optional(), Length(max=120)])
    highest_education = SelectField(
        _l("Highest education"),
        choices=[SelectChoice(e.value, label) for e, label in EDUCATION_LABELS.items()],
    )
    has_vocational_qualification = BooleanField(_l("Has a vocational qualification"))
    goal = SelectField(
        _l("Goal"), choices=[SelectChoice(g.value, label) for g, label in GOAL_LABELS.items()]
    )
    preferred_fields = StringField(_l("Preferred fields"), validators=[Optional(), Length(max=300)])
    work_history = TextAreaField(_l("Work history"), validators=[Optional(), Length(max=4000)])
    entry_date = DateField(
        _l("Entered the project"), validators=[DataRequired()], default=clock.today
    )
    employment_status = SelectField(
        _l("Labour-market status at entry"),
        default=EmploymentStatus.UNKNOWN.value,
        choices=[SelectChoice(e.value, label) for e, label in EMPLOYMENT_LABELS.items()],
    )
    coach_id = SelectField(
        _l("Responsible coach"), coerce=bounded_int, validators=[Optional()], widget=FlatSelect()
    )
    #: Only when adding a client who could go to more than one project.
    project_id = SelectField(
        _l("Project"), coerce=bounded_int, validators=[Optional()], widget=FlatSelect()
    )
    #: Only when adding a client (removed from the edit form): the group they join.
    group_id = SelectField(
        _l("Group"),
        coerce=bounded_int,
        widget=FlatSelect(),
        validators=[Optional()],
        description=_l("Optional: the group the client joins. Members can also be added later."),
    )
    submit = SubmitField(_l("Save"))


class SensitiveForm(VersionedForm):
    learning_difficulties = TextAreaField(
        _l("Learning difficulties"), validators=[Optional(), Length(max=4000)]
    )
    support_needs = TextAreaField(_l("Support needs"), validators=[Optional(), Length(max=4000)])
    immigrant_background = BooleanField(_l("Immigrant background"))
    native_language = StringField(_l("Native language"), validators=[Optional(), Length(max=60)])
    finnish_level = SelectField(_l("Finnish level"), validators=[Optional()])
    submit = SubmitField(_l("Save"))


class InviteClientForm(VersionedForm):
    submit = SubmitField(_l("Send an invitation to the portal"))


class ClientLanguageForm(VersionedForm):
    """The coach sets the language the young person reads the portal in (their account)."""

    locale = SelectField(_l("Reads the portal in"))
    submit = SubmitField(_l("Change the language"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = language_select_choices()


class EnrolAgainForm(FlaskForm):
    """Enrol the young person in another project once their enrolment has ended."""

    project_id = SelectField(_l("Project"), coerce=bounded_int, validators=[DataRequired()])
    submit = SubmitField(_l("Enrol in another project"))
