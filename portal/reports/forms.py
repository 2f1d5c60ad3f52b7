from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from portal.app.parsing import bounded_int
from portal.app.widgets import FlatSelect


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(lazy_pgettext("end of a date range", "To"), validators=[Optional()])
    #: Long lists (a coach's groups can be a couple of hundred), written in one pass.
    project = SelectField(
        _l("Project"), coerce=bounded_int, validators=[Optional()], widget=FlatSelect()
    )
    group = SelectField(
        _l("Group"), coerce=bounded_int, validators=[Optional()], widget=FlatSelect()
    )
    submit = SubmitField(_l("Show"))

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
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
