"""The ESF+ questions at entry: asked once, in plain words, each with its "why"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, SubmitField
from wtforms.validators import Optional

from portal.app.forms import VersionedForm
from portal.models import EmploymentStatus
from portal.models.esf import NOT_ASKED
from portal.models.labels import EMPLOYMENT_LABELS

NOT_ASKED_LABEL = _l("Not asked yet")

GENDER_CHOICES = [
    SelectChoice("female", _l("Woman")),
    SelectChoice("male", _l("Man")),
    SelectChoice("non_binary", _l("Non-binary")),
    SelectChoice("declined", _l("Does not want to say")),
    SelectChoice(NOT_ASKED, NOT_ASKED_LABEL),
]
ISCED_CHOICES = [
    SelectChoice("isced_0_2", _l("Basic education at most (ISCED 0–2)")),
    SelectChoice("isced_3_4", _l("Upper secondary: vocational or general (ISCED 3–4)")),
    SelectChoice("isced_5_8", _l("University or university of applied sciences (ISCED 5–8)")),
    SelectChoice(NOT_ASKED, NOT_ASKED_LABEL),
]
FACT_CHOICES = [
    SelectChoice("yes", _l("Yes")),
    SelectChoice("no", _l("No")),
    SelectChoice(NOT_ASKED, NOT_ASKED_LABEL),
]
ANSWER_CHOICES = [
    SelectChoice("yes", _l("Yes")),
    SelectChoice("no", _l("No")),
    SelectChoice("declined", _l("Does not want to say")),
    SelectChoice(NOT_ASKED, NOT_ASKED_LABEL),
]


def _radio(label, choices, description) -> RadioField:
    return RadioField(
        label, choices=choices, default=NOT_ASKED, validators=[Optional()], description=description
    )


class EsfEntryForm(VersionedForm):
    """Field names are stored column names (``clients`` and ``client_sensitive``)."""

    gender = _radio(
        _l("Gender"),
        GENDER_CHOICES,
        _l("The funder counts women, men and non-binary people separately."),
    )
    employment_status = SelectField(
        _l("Labour-market status at entry"),
        default=EmploymentStatus.UNKNOWN.value,
        choices=[SelectChoice(e.value, label) for e, label in EMPLOYMENT_LABELS.items()],
        description=_l(
            "Employed includes self-employed. Long-term unemployed: over 6 months in a row "
            "for under 25-year-olds, over 12 months for older people."
        ),
    )
    isced_level = _radio(
        _l("Highest completed education"),
        ISCED_CHOICES,
        _l("Only completed education counts; studies still going on do not."),
    )
    rural_area = _radio(
        _l("Lives in a rural area"),
        FACT_CHOICES,
        _l(
            "Worked out from the municipality when it is known; answer only when the "
            "municipality is missing or not in the list."
        ),
    )
    disability = _radio(
        _l("Has a disability or a long-term illness that limits everyday life"),
        ANSWER_CHOICES,
        _l("Health information: confidential, and the young person may decline to answer."),
    )
    third_country_national = _radio(
        _l("Citizen of a country outside the EU"),
        ANSWER_CHOICES,
        _l("A person without an EU citizenship, including stateless people."),
    )
    foreign_background = _radio(
        _l("Foreign background"),
        ANSWER_CHOICES,
        _l("Born abroad, or both parents born abroad."),
    )
    minority = _radio(
        _l("Belongs to a minority (for example the Roma or the Sámi)"),
        ANSWER_CHOICES,
        _l("Only the young person's own answer counts."),
    )
    homeless = _radio(
        _l("Homeless or at risk of losing their home"),
        ANSWER_CHOICES,
        _l("Includes living temporarily with friends or relatives, or in a shelter."),
    )
    submit = SubmitField(_l("Save"))
