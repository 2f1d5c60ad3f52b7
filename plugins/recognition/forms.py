"""Forms of the recognition plugin; choices are filled in by the views."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from plugins.recognition.i18n import _l
from plugins.recognition.models import Confirmation, UnitStatus
from portal.api import VersionedForm, bounded_int, clock

STATUS_LABELS = {
    UnitStatus.IDENTIFIED: _l("Identified"),
    UnitStatus.EVIDENCE: _l("Evidence gathered"),
    UnitStatus.DEMONSTRATION: _l("Demonstration planned"),
    UnitStatus.RECOGNISED: _l("Recognised"),
    UnitStatus.PARTIAL: _l("Partially recognised"),
    UnitStatus.NOT_RECOGNISED: _l("Not recognised"),
}
CONFIRMATION_LABELS = {
    Confirmation.PROPOSED: _l("Proposed, waiting for the education provider"),
    Confirmation.CONFIRMED: _l("Confirmed by the education provider"),
    Confirmation.RETURNED: _l("Returned by the education provider"),
}
DECIDER_LABELS = {
    "1": _l("Teacher"),
    "3": _l("Employer or working-life representative"),
    "5": _l("Other representative of the education provider"),
    "6": _l("No assessment discussion was held"),
}
#: Who took part in the assessment discussion: in this koodisto "5" is the young person.
PARTICIPANT_LABELS = {
    "1": DECIDER_LABELS["1"],
    "3": DECIDER_LABELS["3"],
    "5": _l("The young person"),
    "6": DECIDER_LABELS["6"],
}


def _optional_int(value: object) -> int | None:
    """A select whose first choice is "none": an id, or None."""
    if value in (None, "", "None"):
        return None
    return int(value)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ImportForm(FlaskForm):
    files = MultipleFileField(
        _l("ePerusteet JSON files"),
        description=_l("Qualifications or single units as ePerusteet publishes them."),
    )
    submit = SubmitField(_l("Import"))


class QualificationForm(FlaskForm):
    qualification = SelectField(_l("Target qualification"), coerce=bounded_int)
    submit = SubmitField(_l("Choose"))


class UnitsForm(FlaskForm):
    units = CheckboxesField(_l("Units that matter for this young person"), coerce=bounded_int)
    submit = SubmitField(_l("Add to the plan"))


class EvidenceForm(FlaskForm):
    source = SelectField(_l("Evidence"), validators=[Optional()])
    note = TextAreaField(
        _l("Note"),
        validators=[Length(max=2000)],
        description=_l("What the young person showed; or, with no record above, the evidence."),
    )
    submit = SubmitField(_l("Link evidence"))


class MoveForm(VersionedForm):
    status = SelectField(_l("New status"))
    # Ids of their own: the decision form on the same page has a "reason" too.
    reason = StringField(_l("Why (optional)"), validators=[Length(max=500)], id="move-reason")
    submit = SubmitField(_l("Change status"))


class DecisionForm(VersionedForm):
    outcome = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice(s.value, STATUS_LABELS[s])
            for s in (UnitStatus.RECOGNISED, UnitStatus.PARTIAL, UnitStatus.NOT_RECOGNISED)
        ],
        validators=[DataRequired(_l("Choose the decision."))],
    )
    points = DecimalField(
        _l("Competence points credited (partial recognition)"),
        places=1,
        validators=[Optional(), NumberRange(min=0, max=500)],
    )
    decided_on = DateField(
        _l("Date of the decision"), default=clock.today, validators=[DataRequired()]
    )
    reason = TextAreaField(
        _l("Grounds"),
        validators=[DataRequired(_l("Say why: the school reads this.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Record the decision"))


class DemonstrationForm(FlaskForm):
    company = SelectField(_l("Place (partner company)"), coerce=bounded_int)
    employer_assessor = SelectField(
        _l("Working-life assessor"),
        coerce=bounded_int,
        description=_l("An employer user of the chosen company."),
    )
    teacher = SelectField(
        _l("Teacher who assesses for the education provider"),
        coerce=_optional_int,
        validators=[Optional()],
        description=_l("A teacher invited to this young person; or name the assessor below."),
    )
    teacher_name = StringField(
        _l("Assessor for the education side (coach or teacher)"),
        validators=[Length(max=200)],
    )
    start_date = DateField(_l("Starts"), validators=[DataRequired()])
    end_date = DateField(_l("Ends"), validators=[DataRequired()])
    tasks = TextAreaField(
        _l("Work tasks in the demonstration"), validators=[DataRequired(), Length(max=3000)]
    )
    individual_criteria = TextAreaField(
        _l("Individual assessment criteria (optional)"),
        validators=[Length(max=3000)],
        description=_l("One per line: the requirement and the criteria set for this young person."),
    )
    submit = SubmitField(_l("Plan the demonstration"))


def grade_form(targets, levels, labels: dict[int, str]) -> type[FlaskForm]:
    """A form with one grade per assessment target, on the unit's scale."""

    class GradeForm(VersionedForm):
        overall = RadioField(
            _l("Grade of the unit"),
            choices=[SelectChoice(v, label) for v, label in levels],
            validators=[Optional()],
        )
        assessed_on = DateField(
            _l("Date of the assessment"), default=clock.today, validators=[DataRequired()]
        )
        decided_by = CheckboxesField(
            _l("Who decided the assessment"),
            choices=[SelectChoice(k, DECIDER_LABELS[k]) for k in ("1", "3", "5")],
        )
        discussion = CheckboxesField(
            _l("Who took part in the assessment discussion"),
            choices=[SelectChoice(k, label) for k, label in PARTICIPANT_LABELS.items()],
        )
        comment = TextAreaField(_l("Comments"), validators=[Length(max=3000)])
        submit = SubmitField(_l("Save the assessment"))

    for target in targets:
        setattr(
            GradeForm,
            f"target_{target.id}",
            RadioField(
                labels[target.id],
                choices=[SelectChoice(v, label) for v, label in levels],
                validators=[Optional()],
            ),
        )
    return GradeForm


class ReasonForm(FlaskForm):
    """A correction with its reason: cancelling a demonstration."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Say why.")), Length(max=2000)],
        id="cancel-reason",
    )
    submit = SubmitField(_l("Cancel the demonstration"))


class UnlinkForm(FlaskForm):
    submit = SubmitField(_l("Unlink"))


class ReopenForm(VersionedForm):
    reason = TextAreaField(
        _l("Why the decision is reopened"),
        validators=[DataRequired(_l("Say why the decision is reopened.")), Length(max=2000)],
        id="reopen-reason",
    )
    submit = SubmitField(_l("Reopen the decision"))


class ConfirmDecisionForm(VersionedForm):
    comment = TextAreaField(
        _l("Comment"),
        validators=[Length(max=2000)],
        description=_l("Needed when you return the decision to the coach."),
    )
    confirm = SubmitField(_l("Confirm the decision"))
    send_back = SubmitField(_l("Return to the coach"))


class InviteTeacherForm(FlaskForm):
    email = StringField(_l("Teacher's email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(
        _l("Teacher's name"),
        validators=[Length(max=200)],
        description=_l("Needed when the teacher has no account yet."),
    )
    submit = SubmitField(_l("Invite the teacher"))


class SchoolDetailsForm(VersionedForm):
    learner_oid = StringField(
        _l("Learner's OID (oppija-oid)"),
        validators=[Length(max=40)],
        description=_l("For example 1.2.246.562.24.12345678901"),
    )
    study_right_oid = StringField(
        _l("Study right OID (opiskeluoikeus-oid)"),
        validators=[Length(max=40)],
        description=_l("For example 1.2.246.562.15.12345678901"),
    )
    school_oid = StringField(
        _l("School's OID (oppilaitos-oid)"),
        validators=[Length(max=40)],
        description=_l("For example 1.2.246.562.10.12345678901"),
    )
    hoks_approved_on = DateField(_l("HOKS first approved on"), validators=[Optional()])
    submit = SubmitField(_l("Save the school's details"))
