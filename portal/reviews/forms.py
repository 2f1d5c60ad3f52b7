"""Forms of the tripartite reviews."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.app import clock
from portal.app.forms import VersionedForm
from portal.app.validators import MailAddress
from portal.models.labels import REVIEW_PARTY_LABELS, choices


class ScheduleForm(FlaskForm):
    scheduled_on = DateField(
        _l("Date of the review"),
        validators=[DataRequired()],
        description=_l("The coach, the young person and the workplace supervisor meet."),
    )
    submit = SubmitField(_l("Schedule the review"))


class HoldForm(VersionedForm):
    held_on = DateField(_l("Held on"), validators=[DataRequired()], default=clock.today)
    agenda = TextAreaField(
        _l("Agenda"),
        validators=[Optional(), Length(max=8000)],
        description=_l("Filled in from the onboarding, assessments and open actions: edit it."),
    )
    notes = TextAreaField(
        _l("What was discussed and agreed"),
        validators=[DataRequired(), Length(max=8000)],
        description=_l("The young person and the supervisor read and confirm this record."),
    )
    difficulties = TextAreaField(
        _l("Difficulties raised"),
        validators=[Optional(), Length(max=4000)],
        description=_l("Part of the record. A Check Point can be opened from them."),
    )
    coach_notes = TextAreaField(
        _l("Notes for coaches only"),
        validators=[Optional(), Length(max=4000)],
        description=_l("Never shown to the young person or the supervisor."),
    )
    submit = SubmitField(_l("Save the record"))


class ReviewActionForm(FlaskForm):
    description = StringField(_l("Action"), validators=[DataRequired(), Length(max=500)])
    owner = SelectField(_l("Who"), choices=choices(REVIEW_PARTY_LABELS))
    due_date = DateField(_l("By"), validators=[DataRequired()])
    submit = SubmitField(_l("Add action"))


class LinkForm(FlaskForm):
    email = EmailField(
        _l("Supervisor's email (optional)"),
        validators=[Optional(), MailAddress(), Length(max=254)],
        description=_l("Without an email, copy the link and send it yourself."),
    )
    submit = SubmitField(_l("Create a confirmation link"))


class LinkConfirmForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("I confirm the record"))
