"""Assessment forms for qualification units, built from their assessment criteria.

Offered through ``portal_assessment_forms`` for the units that have a demonstration planned,
so that a supervisor can assess a unit on its own scale in the assessments plugin too.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from plugins.recognition import scales
from plugins.recognition.eperusteet import LANGUAGES
from plugins.recognition.models import (
    RecognitionPlanUnit,
    RecognitionTarget,
    RecognitionUnit,
    UnitStatus,
)
from portal.extensions import db
from portal.plugin_types import FormDefinition, FormField, FormSection


def _in_each_language(render) -> dict[str, str]:
    out = {}
    for lang in LANGUAGES:
        with force_locale(lang):
            out[lang] = str(render())
    return out


def _levels(scale: str) -> tuple:
    return tuple(
        (value, _in_each_language(lambda label=label: label))
        for value, label in scales.levels(scale)
    )


def unit_forms() -> list[FormDefinition]:
    units = db.session.scalars(
        select(RecognitionUnit)
        .where(
            RecognitionUnit.id.in_(
                select(RecognitionPlanUnit.unit_id).where(
                    RecognitionPlanUnit.status == UnitStatus.DEMONSTRATION
                )
            )
        )
        .order_by(RecognitionUnit.code)
    ).all()
    targets: dict[int, list[RecognitionTarget]] = {u.id: [] for u in units}
    for target in db.session.scalars(
        select(RecognitionTarget)
        .where(RecognitionTarget.unit_id.in_(list(targets)))
        .order_by(RecognitionTarget.position)
    ):
        targets[target.unit_id].append(target)
    forms = []
    for unit in units:
        fields = [
            FormField(f"t{t.position}", "scale", t.title, levels=_levels(t.scale))
            for t in targets[unit.id]
        ]
        fields.append(
            FormField(
                "grade",
                "scale",
                _in_each_language(lambda: _("Grade of the unit")),
                levels=_levels(unit.scale),
            )
        )
        fields.append(
            FormField("comment", "text", _in_each_language(lambda: _("Comments")), required=False)
        )
        forms.append(
            FormDefinition(
                key=f"unit-{unit.code.lower()}"[:80],
                version=unit.imported_at.isoformat() if unit.imported_at else "1",
                title={
                    lang: _in_each_language(lambda: _("Demonstration"))[lang]
                    + ": "
                    + (unit.name.get(lang) or unit.name_fi)
                    for lang in LANGUAGES
                },
                sections=(
                    FormSection(
                        "targets", _in_each_language(lambda: _("Assessment targets")), tuple(fields)
                    ),
                ),
                filled_by="supervisor",
                order=200,
            )
        )
    return forms
