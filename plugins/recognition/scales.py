"""The three ePerusteet assessment scales and how their levels are shown.

Level ids are ePerusteet's ``_osaamistaso`` ids; ``"0"`` is a fail (hylätty) on every scale.
The display numbers follow eHOKS (T1/H2/K3 show as 1/3/5).
"""

from __future__ import annotations

from plugins.recognition.i18n import _l

FAIL = "0"

SCALES = {
    "1": ((FAIL, _l("Fail")), ("1", _l("Pass"))),
    "2": (
        (FAIL, _l("Fail")),
        ("2", _l("Satisfactory T1")),
        ("3", _l("Good H2")),
        ("4", _l("Excellent K3")),
    ),
    "3": (
        (FAIL, _l("Fail")),
        ("5", _l("1 Satisfactory")),
        ("6", _l("2 Satisfactory")),
        ("7", _l("3 Good")),
        ("8", _l("4 Good")),
        ("9", _l("5 Excellent")),
    ),
}
#: Every level by its id, whatever the scale: the ids are unique across the scales.
LEVEL_LABELS = {level: label for scale in SCALES.values() for level, label in scale}
SCALE_NAMES = {
    "1": _l("pass/fail"),
    "2": _l("T1, H2, K3"),
    "3": _l("1-5"),
}
#: Grades as eHOKS and Koski show them (arvosana).
DISPLAY_GRADE = {
    FAIL: "Hylätty",
    "1": "Hyväksytty",
    "2": "1",
    "3": "3",
    "4": "5",
    "5": "1",
    "6": "2",
    "7": "3",
    "8": "4",
    "9": "5",
}


def levels(scale: str) -> tuple:
    return SCALES.get(scale, SCALES["1"])


def level_label(scale: str, level: str) -> str:
    return str(dict(levels(scale)).get(level, level))


def is_valid(scale: str, level: str) -> bool:
    return level in dict(levels(scale))


#: Koski's code values for a grade: (koodistoUri, koodiarvo). A fail is Hylätty on every scale.
HYVAKSYTTY_HYLATTY = "arviointiasteikkoammatillinenhyvaksyttyhylatty"
KOSKI_GRADE = {
    "1": {FAIL: (HYVAKSYTTY_HYLATTY, "Hylätty"), "1": (HYVAKSYTTY_HYLATTY, "Hyväksytty")},
    "2": {
        FAIL: (HYVAKSYTTY_HYLATTY, "Hylätty"),
        "2": ("arviointiasteikkoammatillinent1k3", "1"),
        "3": ("arviointiasteikkoammatillinent1k3", "2"),
        "4": ("arviointiasteikkoammatillinent1k3", "3"),
    },
    "3": {FAIL: (HYVAKSYTTY_HYLATTY, "Hylätty")}
    | {str(level): ("arviointiasteikkoammatillinen15", str(level - 4)) for level in range(5, 10)},
}


def koski_grade(scale: str, level: str) -> dict[str, str] | None:
    """A level as Koski codes it, e.g. ``{"koodistoUri": "arviointiasteikkoammatillinent1k3",
    "koodiarvo": "2"}`` for H2; None for a level not on the scale."""
    found = KOSKI_GRADE.get(scale, KOSKI_GRADE["1"]).get(level)
    if found is None:
        return None
    return {"koodistoUri": found[0], "koodiarvo": found[1]}
