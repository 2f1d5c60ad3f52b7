"""Forms of the client pathway."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
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
from portal.app.parsing import bounded_int
from portal.models import ActionOwner
from portal.models.labels import (
    ACTION_OWNER_LABELS,
    CHANNEL_LABELS,
    CONSENT_LABELS,
    DECISION_LABELS,
    FOLLOW_UP_LABELS,
    JOB_KIND_LABELS,
    JOB_RESULT_LABELS,
    OUTCOME_LABELS,
    PARTNER_KIND_LABELS,
    PLACEMENT_ENDING_LABELS,
    PLACEMENT_TYPE_LABELS,
    PLAN_REVIEW_LABELS,
    SESSION_TOPIC_LABELS,
    SKILL_LABELS,
    STUDY_STATUS_LABELS,
    choices,
)

NOT_CHOSEN = _l("Not chosen")


class TransitionForm(FlaskForm):
    target = SelectField(_l("Move to"))
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Change phase"))


class PriorLearningForm(FlaskForm):
    what = StringField(_l("What was learned"), validators=[DataRequired(), Length(max=200)])
    where = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    duration = StringField(_l("How long"), validators=[Optional(), Length(max=100)])
    evidence = TextAreaField(
        _l("Evidence"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Certificates, references, work samples."),
    )
    submit = SubmitField(_l("Save"))


class ConsentForm(FlaskForm):
    scope = SelectField(_l("The client agrees to"), choices=choices(CONSENT_LABELS))
    shared_text = TextAreaField(
        _l("Text shared with the employer"),
        validators=[Optional(), Length(max=1000)],
        description=_l(
            "Only for the support text: write it with the client, in words they accept."
        ),
    )
    submit = SubmitField(_l("Record consent"))


class ContactForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()], default=clock.today)
    channel = SelectField(_l("How"), choices=choices(CHANNEL_LABELS))
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Save"))


class PlacementForm(VersionedForm):
    company_id = SelectField(_l("Partner company"), coerce=bounded_int)
    supervisor_id = SelectField(_l("Workplace supervisor"), coerce=bounded_int)
    kind = SelectField(_l("Type"), choices=choices(PLACEMENT_TYPE_LABELS))
    start_date = DateField(_l("Starts"), validators=[DataRequired()])
    end_date = DateField(_l("Ends"), validators=[DataRequired()])
    part_time_percent = IntegerField(
        _l("Working time (%)"),
        default=100,
        validators=[
            DataRequired(),
            NumberRange(10, 100, message=_l("Working time must be between 10 and 100 percent.")),
        ],
    )
    tasks = TextAreaField(_l("Key tasks"), validators=[Optional(), Length(max=4000)])
    next_step = TextAreaField(
        _l("Next step after the placement"), validators=[Optional(), Length(max=2000)]
    )
    length_reason = TextAreaField(
        _l("Reason for a length outside 1-3 months"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "Needed only when the placement is shorter than a month or longer than three."
        ),
    )
    submit = SubmitField(_l("Save"))


class EndPlacementForm(VersionedForm):
    """The end of a placement: as planned, or early because the young person was hired or got
    a study place (then the outcome's details are recorded with it)."""

    ending = SelectField(
        _l("How it ended"), choices=choices(PLACEMENT_ENDING_LABELS), default="as_planned"
    )
    on = DateField(_l("Last day"), validators=[DataRequired()], default=clock.today)
    reason = TextAreaField(_l("How it went"), validators=[Optional(), Length(max=2000)])
    employer_name = StringField(
        _l("Employer (hired by another company)"), validators=[Optional(), Length(max=200)]
    )
    field = StringField(_l("Field"), validators=[Optional(), Length(max=120)])
    school = StringField(_l("School"), validators=[Optional(), Length(max=200)])
    programme = StringField(_l("Programme"), validators=[Optional(), Length(max=200)])
    study_status = SelectField(
        _l("Study place"),
        choices=[SelectChoice("", NOT_CHOSEN), *choices(STUDY_STATUS_LABELS)],
        default="",
    )
    submit = SubmitField(_l("End placement"))


class InterruptionForm(FlaskForm):
    start_date = DateField(_l("From"), validators=[DataRequired()])
    end_date = DateField(lazy_pgettext("end of a date range", "To"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))


class OpenCheckpointForm(FlaskForm):
    difficulty = TextAreaField(
        _l("What is the difficulty?"), validators=[DataRequired(), Length(max=4000)]
    )
    signal = StringField(validators=[Optional(), Length(max=40)])
    submit = SubmitField(_l("Open Check Point"))


class ConcernForm(FlaskForm):
    difficulty = TextAreaField(
        _l("Describe your concern"),
        validators=[DataRequired(), Length(max=4000)],
        description=_l("The coach gets a message and contacts you."),
    )
    submit = SubmitField(_l("Raise a concern"))


class CheckpointForm(VersionedForm):
    """The whole Check Point as typed: every button on the page posts it, so nothing is lost."""

    reassessment = TextAreaField(
        _l("Re-assessment of working-life skills"), validators=[Optional(), Length(max=4000)]
    )
    no_reassessment_reason = TextAreaField(
        _l("Why the skills were not re-assessed"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Only when there is no re-assessment above."),
    )
    decision_notes = TextAreaField(
        _l("Working methods reviewed and gaps to correct"),
        validators=[Optional(), Length(max=4000)],
    )
    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("", NOT_CHOSEN), *choices(DECISION_LABELS)],
        validators=[Optional()],
    )
    next_meeting = DateField(_l("Next meeting"), validators=[Optional()])
    visits_per_week = IntegerField(
        _l("Coach visits to the workplace a week (1-5)"), validators=[Optional()]
    )
    plan_weeks = IntegerField(_l("For how many weeks (1-12)"), validators=[Optional()])
    check_ins_per_week = IntegerField(
        _l("Extra check-ins a week (0-5)"),
        validators=[Optional()],
        description=_l("Calls or messages on top of the visits."),
    )
    focus_skill = SelectField(
        _l("Skill to focus on"),
        choices=[SelectChoice("", NOT_CHOSEN), *choices(SKILL_LABELS)],
        validators=[Optional()],
    )
    plan_start = DateField(_l("The plan starts"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    #: The fields of the intensified-coaching plan, shown in their own fieldset.
    PLAN_FIELDS = (
        "visits_per_week",
        "plan_weeks",
        "check_ins_per_week",
        "focus_skill",
        "plan_start",
    )


class ActionForm(FlaskForm):
    description = StringField(_l("Action"), validators=[DataRequired(), Length(max=500)])
    owner_kind = SelectField(
        _l("Who"), choices=choices(ACTION_OWNER_LABELS), default=ActionOwner.COACH
    )
    owner = StringField(
        _l("Name"),
        validators=[Optional(), Length(max=120)],
        description=_l("Optional, e.g. who at the workplace."),
    )
    due_date = DateField(_l("By"), validators=[DataRequired()])
    submit = SubmitField(_l("Add action"))


class CarryOverForm(FlaskForm):
    new_date = DateField(_l("New date"), validators=[DataRequired()])


class VisitDoneForm(FlaskForm):
    on = DateField(_l("Visited on"), validators=[DataRequired()], default=clock.today)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Record the visit"))


class VisitMissedForm(FlaskForm):
    reason = TextAreaField(
        _l("Why the visit did not happen"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Record as missed"))


class PlanReviewForm(FlaskForm):
    outcome = SelectField(
        _l("How intensified coaching goes on"),
        choices=[SelectChoice("", NOT_CHOSEN), *choices(PLAN_REVIEW_LABELS)],
    )
    notes = TextAreaField(_l("Review of the plan"), validators=[DataRequired(), Length(max=2000)])
    weeks = IntegerField(
        _l("More weeks (1-12)"),
        validators=[Optional()],
        description=_l("Only when intensified coaching continues."),
    )
    submit = SubmitField(_l("Record the review"))


class JobSearchForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()], default=clock.today)
    kind = SelectField(_l("What"), choices=choices(JOB_KIND_LABELS))
    organisation = StringField(
        _l("Employer or school"), validators=[DataRequired(), Length(max=200)]
    )
    position = StringField(_l("Job or programme"), validators=[Optional(), Length(max=200)])
    result = SelectField(_l("Result"), choices=choices(JOB_RESULT_LABELS))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))


class JobSearchResultForm(VersionedForm):
    result = SelectField(_l("Result"), choices=choices(JOB_RESULT_LABELS))
    submit = SubmitField(_l("Update"))


#: "Not recorded" (""), yes or no: the ESF+ results (``portal.models.esf.Fact``).
ESF_FACT_CHOICES = [
    SelectChoice("", _l("Not recorded")),
    SelectChoice("yes", _l("Yes")),
    SelectChoice("no", _l("No")),
]


class OutcomeForm(FlaskForm):
    kind = SelectField(_l("Outcome"), choices=choices(OUTCOME_LABELS))
    on = DateField(_l("Date"), validators=[DataRequired()], default=clock.today)
    company_id = SelectField(_l("Coaching company"), coerce=bounded_int, validators=[Optional()])
    employer_name = StringField(_l("Employer"), validators=[Optional(), Length(max=200)])
    field = StringField(_l("Field"), validators=[Optional(), Length(max=120)])
    school = StringField(_l("School"), validators=[Optional(), Length(max=200)])
    programme = StringField(_l("Programme"), validators=[Optional(), Length(max=200)])
    study_status = SelectField(
        _l("Study place"), choices=[SelectChoice("", NOT_CHOSEN), *choices(STUDY_STATUS_LABELS)]
    )
    partner_id = SelectField(_l("Referred to"), coerce=bounded_int, validators=[Optional()])
    details = TextAreaField(_l("Details"), validators=[Optional(), Length(max=4000)])
    qualification_gained = SelectField(
        _l("Gained a qualification or a certified part of one in the project"),
        choices=ESF_FACT_CHOICES,
        default="",
        description=_l("Asked by the ESF+ funder."),
    )
    job_searching = SelectField(
        _l("Looking for work when leaving"),
        choices=ESF_FACT_CHOICES,
        default="",
        description=_l("For example registered as a jobseeker. Asked by the ESF+ funder."),
    )
    submit = SubmitField(_l("Record outcome"))


class FollowUpForm(VersionedForm):
    result = SelectField(_l("Result"), choices=choices(FOLLOW_UP_LABELS))
    improved_situation = SelectField(
        _l("Situation improved since entry"),
        choices=ESF_FACT_CHOICES,
        default="",
        description=_l(
            "Only for those employed at entry, at the 6-month follow-up: more stable or fuller "
            "work, a more demanding job or a promotion. Asked by the ESF+ funder."
        ),
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Record follow-up"))


#: Whether we referred the young person on, or another service referred them to us.
DIRECTION_CHOICES = [
    SelectChoice("out", _l("Referred by us")),
    SelectChoice("in", _l("Referred to us")),
]


class ReferralForm(FlaskForm):
    partner_id = SelectField(_l("Partner service"), coerce=bounded_int)
    direction = SelectField(
        _l("Direction"),
        choices=DIRECTION_CHOICES,
    )
    on = DateField(_l("Date"), validators=[DataRequired()], default=clock.today)
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    result = TextAreaField(_l("Result"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))


class ReferralResultForm(VersionedForm):
    result = TextAreaField(_l("Result"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))


class PartnerForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(PARTNER_KIND_LABELS))
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=300)])
    active = BooleanField(_l("In use"), default=True)
    submit = SubmitField(_l("Save"))


class SessionForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()])
    topic = SelectField(_l("Topic"), choices=choices(SESSION_TOPIC_LABELS))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    company_id = SelectField(_l("Company visited"), coerce=bounded_int, validators=[Optional()])
    submit = SubmitField(_l("Save"))
