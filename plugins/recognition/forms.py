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
from plugins.recognition.models import UnitStatus
from portal.api import VersionedForm, bounded_int, clock

STATUS_LABELS = {
    UnitStatus.IDENTIFIED: _l("Identified"),
    UnitStatus.EVIDENCE: _l("Evidence gathered"),
    UnitStatus.DEMONSTRATION: _l("Demonstration planned"),
    UnitStatus.RECOGNISED: _l("Recognised"),
    UnitStatus.PARTIAL: _l("Partially recognised"),
    UnitStatus.NOT_RECOGNISED: _l("Not recognised"),
}
DECIDER_LABELS = {
    "1": _l("Teacher"),
    "3": _l("Employer or working-life representative"),
    "5": _l("Other representative of the education provider"),
    "6": _l("No assessment discussion was held"),
}
STUDENT = SelectChoice("5", _l("The young person"))


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
    reason = StringField(_l("Why (optional)"), validators=[Length(max=500)])
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
    teacher_name = StringField(
        _l("Assessor for the education side (coach or teacher)"),
        validators=[DataRequired(), Length(max=200)],
    )
    start_date = DateField(_l("Starts"), validators=[DataRequired()])
    end_date = DateField(_l("Ends"), validators=[DataRequired()])
    tasks = TextAreaField(
        _l("Work tasks in the demonstration"), validators=[DataRequired(), Length(max=3000)]
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
            choices=[SelectChoice(k, DECIDER_LABELS[k]) for k in ("1", "3")]
            + [STUDENT, SelectChoice("6", DECIDER_LABELS["6"])],
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
