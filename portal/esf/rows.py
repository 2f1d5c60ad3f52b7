"""The pieces the ESF+ indicator rows are made of: a row (its code, words, definition and SQL
condition), a block of rows that exclude each other, and the conditions several rows share.

A block's rows (except those ``within`` another) are mutually exclusive and add up to the
block's base, so it can be protected as a grid (``portal.esf.indicators``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func

from portal.models import Client, EmploymentStatus, FollowUp, Outcome, OutcomeKind
from portal.models.outcome import StudyStatus

GENDERS = ("female", "male", "non_binary", "declined", "")
GENDER_LABELS = {
    "female": _l("Women"),
    "male": _l("Men"),
    "non_binary": _l("Non-binary"),
    "declined": _l("Gender: declined"),
    "": _l("Gender: not asked"),
}

Condition = Callable[[dict[str, Any]], Any]


@dataclass
class RowDef:
    key: str
    code: str
    label: Any
    definition: Any
    condition: Condition
    kind: str = "indicator"
    within: str | None = None


@dataclass
class Block:
    section: str
    section_title: Any
    rows: list[RowDef] = field(default_factory=list)
    exclusive: bool = True


def coded(column) -> Any:
    return func.coalesce(column, "")


def answer_block(code: str, key: str, label, definition, column) -> Block:
    """Yes / no / declined / not asked, of a special-category answer."""
    value = coded(column)
    return Block(
        "entry",
        _l("Participants at entry (output indicators)"),
        [
            RowDef(key, code, label, definition, lambda c: value == "yes"),
            RowDef(f"{key}_no", "", _l("No"), "", lambda c: value == "no", "breakdown"),
            RowDef(
                f"{key}_declined",
                "",
                _l("Declined to answer"),
                _l("Counted in the total only."),
                lambda c: value == "declined",
                "missing",
            ),
            RowDef(
                f"{key}_missing",
                "",
                _l("Missing: not asked"),
                "",
                lambda c: value.not_in(["yes", "no", "declined"]),
                "missing",
            ),
        ],
    )


def fact_block(section, title, code, key, label, definition, base, column) -> Block:
    """Yes / no / missing among ``base`` (a condition of the context)."""
    value = coded(column)
    return Block(
        section,
        title,
        [
            RowDef(key, code, label, definition, lambda c: and_(base(c), value == "yes")),
            RowDef(
                f"{key}_no", "", _l("No"), "", lambda c: and_(base(c), value == "no"), "breakdown"
            ),
            RowDef(
                f"{key}_missing",
                "",
                _l("Missing: not recorded"),
                "",
                lambda c: and_(base(c), value.not_in(["yes", "no"])),
                "missing",
            ),
        ],
    )


ENTRY = "entry"
ENTRY_TITLE = _l("Participants at entry (output indicators)")
LEAVING = "leaving"
LEAVING_TITLE = _l("Immediate results upon leaving")
LATER = "later"
LATER_TITLE = _l("Longer-term results six months after leaving")

STATUS = Client.employment_status
UNEMPLOYED = [EmploymentStatus.UNEMPLOYED, EmploymentStatus.LONG_TERM_UNEMPLOYED]
INACTIVE = [EmploymentStatus.INACTIVE, EmploymentStatus.IN_EDUCATION]
KNOWN_STATUS = [*UNEMPLOYED, *INACTIVE, EmploymentStatus.EMPLOYED]
ISCED = ["isced_0_2", "isced_3_4", "isced_5_8"]


def has_left(c):
    return c["left"]


def in_education():
    return and_(
        Outcome.kind == OutcomeKind.STUDY_PLACE,
        Outcome.study_status.in_([StudyStatus.ACCEPTED, StudyStatus.STARTED]),
    )


def sane_age(c):
    return c["age"].between(0, 120)


RESULT_6 = coded(FollowUp.result)
IMPROVED = coded(FollowUp.improved_situation)
