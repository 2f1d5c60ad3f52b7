from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.app.forms import VersionedForm
from portal.app.parsing import bounded_int
from portal.app.widgets import FlatSelect
from portal.groups.rules import length_is_unusual, size_is_unusual


class AttendanceForm(VersionedForm):
    """The marks are radio groups named per member; the form carries the session's version."""


class GroupForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    #: Only when creating a group that could go to more than one project.
    project_id = SelectField(_l("Project"), coerce=bounded_int, validators=[Optional()])
    start_date = DateField(_l("Attitude Training starts"), validators=[DataRequired()])
    end_date = DateField(_l("Attitude Training ends"), validators=[DataRequired()])
    exception_reason = TextAreaField(
        _l("Reason for a length outside 1-2 weeks"),
        validators=[Length(max=2000)],
        description=_l(
            "Needed only when Attitude Training is shorter than a week or longer than two."
        ),
    )
    coach_ids = SelectMultipleField(
        _l("Coaches"),
        coerce=bounded_int,
        widget=FlatSelect(multiple=True),
        validators=[DataRequired(message=_l("Choose at least one coach."))],
    )
    submit = SubmitField(_l("Save"))

    def validate_end_date(self, field) -> None:
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date cannot be before the start date."))

    def validate_exception_reason(self, field) -> None:
        start, end = self.start_date.data, self.end_date.data
        if (
            start
            and end
            and end >= start
            and length_is_unusual(start, end)
            and not (field.data or "").strip()
        ):
            raise ValidationError(
                _l(
                    "Attitude Training usually lasts 1-2 weeks. To continue, confirm the dates "
                    "by giving a reason."
                )
            )


class MembersForm(VersionedForm):
    """Members kept (ticked) and clients found by a search to add (ticked to add)."""

    client_ids = SelectMultipleField(
        _l("Members"),
        coerce=bounded_int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l("Untick a member to remove them from the group."),
    )
    add_ids = SelectMultipleField(
        _l("Clients found"),
        coerce=bounded_int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l("Tick the clients to add to the group."),
    )
    exception_reason = TextAreaField(
        _l("Reason for a group size outside 8-15"),
        validators=[Length(max=2000)],
    )
    submit = SubmitField(_l("Save members"))

    def validate_exception_reason(self, field) -> None:
        chosen = {*(self.client_ids.data or []), *(self.add_ids.data or [])}
        if size_is_unusual(len(chosen)) and not (field.data or "").strip():
            raise ValidationError(
                _l(
                    "Groups usually have 8-15 members. To continue, confirm the members by "
                    "giving a reason."
                )
            )
