"""The recognition plugin's blueprint and what its templates share."""

from __future__ import annotations

from flask import Blueprint

from plugins.recognition import scales
from plugins.recognition.forms import CONFIRMATION_LABELS, DECIDER_LABELS, STATUS_LABELS
from plugins.recognition.models import RecognitionMember

#: Named after the plugin package rather than this module, so that its templates/ are found.
bp = Blueprint("recognition", __name__)
STAFF = ("coach", "admin")


@bp.context_processor
def helpers():
    return {
        "status_labels": STATUS_LABELS,
        "confirmation_labels": CONFIRMATION_LABELS,
        "decider_labels": DECIDER_LABELS,
        "level_label": scales.level_label,
        "scale_names": scales.SCALE_NAMES,
        "num": num,
        "points": points,
    }


def num(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def points(member: RecognitionMember | None) -> str:
    """A unit's competence points in a qualification: a number or a range."""
    if member is None or member.points is None:
        return "–"
    if member.points_max and member.points_max != member.points:
        return f"{num(member.points)}–{num(member.points_max)}"
    return num(member.points)
