"""The self-assessment's forms: the coach opens a round; a round is filled in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired

from portal.app.forms import VersionedForm
from portal.distance.areas import KIND_LABELS, SCALE, STATEMENTS
from portal.models.distance import AREAS


class OpenRoundForm(FlaskForm):
    kind = SelectField(
        _l("When"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[InputRequired()],
    )
    submit = SubmitField(_l("Open the self-assessment"))


def _score(value: str | int | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class AnswersForm(VersionedForm):
    submit = SubmitField(_l("Save my answers"))

    def answers(self) -> dict[str, int | None]:
        return {area: self[area].data for area in AREAS}


for _area in AREAS:
    setattr(
        AnswersForm,
        _area,
        RadioField(
            STATEMENTS[_area],
            choices=[SelectChoice(n, label) for n, label in SCALE.items()],
            coerce=_score,
            validators=[InputRequired(_l("Choose an answer."))],
        ),
    )
