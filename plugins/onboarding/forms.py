"""Forms of the onboarding plugin."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from plugins.onboarding.i18n import _l
from portal.api import VersionedForm, bounded_int, clock

RESPONSIBLE_LABELS = {
    "supervisor": _l("Workplace supervisor"),
    "coach": _l("Coach"),
    "trainee": _l("Trainee"),
}


#: Version numbers are counted from 1; more digits than this were not rendered by a form.
MAX_BASE_DIGITS = 9
NOT_AS_RENDERED = _l(
    "The form was incomplete or out of date, so nothing was saved. Open the page again and "
    "send the form from there."
)


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a text area, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def week_label(week: int) -> str:
    return str(_l("First day")) if week == 0 else str(_l("Week %(n)d", n=week))


class NewModelForm(FlaskForm):
    title = StringField(_l("Name of the model"), validators=[DataRequired(), Length(max=200)])
    template = RadioField(_l("Start from"), validators=[Optional()])
    submit = SubmitField(_l("Create the model"))


class BaseVersionForm(FlaskForm):
    """Every edit names the version it was based on; an edit of an old version is refused."""

    base = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        """Also refuses a form whose version is missing or not one a page renders (``abc``,
        ``-1``, a huge number), saying so at the top of the form."""
        valid = super().validate(extra_validators)
        raw = (self.base.data or "").strip()
        if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_BASE_DIGITS:
            self.form_errors.append(str(NOT_AS_RENDERED))
            return False
        return valid


class StepForm(BaseVersionForm):
    week = SelectField(
        _l("When"),
        coerce=bounded_int,
        choices=[SelectChoice(w, week_label(w)) for w in range(0, 13)],
    )
    responsible = SelectField(
        _l("Responsible"),
        choices=[SelectChoice(r, label) for r, label in RESPONSIBLE_LABELS.items()],
    )
    title = StringField(_l("Step"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    task_analysis = TextAreaField(
        _l("Task analysis"),
        validators=[Optional(), Length(max=4000)],
        description=_l("Break the task into teachable parts, one part per line."),
    )
    key_words = TextAreaField(
        _l("Key words"),
        validators=[Optional(), Length(max=1000)],
        description=_l(
            "Words the trainee needs at this step, one a line, for example: hyllynumero."
        ),
    )
    skill_requirements = SelectMultipleField(
        _l("Qualification skill requirements"),
        validators=[Optional()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    #: Not saved: what to search among the skill requirements (see skill_search.py).
    skill_q = StringField(_l("Search skill requirements"), validators=[Optional()])
    submit = SubmitField(_l("Save as a new version"))

    def fill_from(self, step: dict[str, Any]) -> None:
        """Show a step of the model in the form."""
        self.week.data, self.responsible.data = step["week"], step["responsible"]
        self.title.data, self.description.data = step["title"], step["description"]
        self.task_analysis.data = "\n".join(step.get("task_analysis", []))
        self.key_words.data = "\n".join(step.get("key_words", []))
        self.skill_requirements.data = step.get("skill_requirements", [])

    def as_step(self, key: str) -> dict[str, Any]:
        """The step the form describes, under ``key``."""
        return {
            "key": key,
            "week": self.week.data,
            "responsible": self.responsible.data,
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "task_analysis": lines(self.task_analysis.data),
            "key_words": lines(self.key_words.data),
            "skill_requirements": self.skill_requirements.data or [],
        }


class FadingForm(BaseVersionForm):
    plan = TextAreaField(
        _l("Fading plan"),
        validators=[Optional(), Length(max=4000)],
        description=_l(
            "One line a week, starting with the week number, for example: "
            '"2: The coach visits once and calls on Friday".'
        ),
    )
    submit = SubmitField(_l("Save as a new version"))


class SignForm(BaseVersionForm):
    submit = SubmitField(_l("Sign off this version"))


class MarkDoneForm(FlaskForm):
    done_on = DateField(_l("Done on"), validators=[DataRequired()], default=clock.today)
    comment = StringField(_l("Comment"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Mark done"))


class DecideForm(FlaskForm):
    decision = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Save"))


class StepTranslationForm(VersionedForm):
    """A step in another language; each field is shown beside the reference text."""

    title = StringField(_l("Step"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    task_analysis = TextAreaField(
        _l("Task analysis"),
        validators=[Optional(), Length(max=4000)],
        description=_l("One part per line, in the same order as the reference text."),
    )
    key_words = TextAreaField(
        _l("Key words"),
        validators=[Optional(), Length(max=1000)],
        description=_l("One key word a line, in the same order as the reference text."),
    )
    submit = SubmitField(_l("Save the translation"))

    def set_language(self, lang: str, direction: str) -> None:
        """The fields take text in the translation's language and direction."""
        for name in ("title", "description", "task_analysis", "key_words"):
            self[name].render_kw = {"lang": lang, "dir": direction}

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "task_analysis": lines(self.task_analysis.data),
            "key_words": lines(self.key_words.data),
        }


class FadingTranslationForm(VersionedForm):
    """The fading plan in another language, one line a week as in the reference."""

    description = TextAreaField(
        _l("Fading plan"),
        validators=[DataRequired(), Length(max=4000)],
        description=_l("One line a week, in the same order as the reference text."),
    )
    submit = SubmitField(_l("Save the translation"))

    def set_language(self, lang: str, direction: str) -> None:
        self.description.render_kw = {"lang": lang, "dir": direction}

    def values(self) -> dict[str, Any]:
        return {
            "title": "",
            "description": self.description.data.strip(),
            "task_analysis": [],
            "key_words": [],
        }
