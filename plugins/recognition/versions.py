"""Versions in the catalog: which qualification versions are offered as targets, how a version
is named in a picker, and whether a unit has a newer version and what changed in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from sqlalchemy import func, select

from plugins.recognition.i18n import _
from plugins.recognition.models import (
    RecognitionMember,
    RecognitionQualification,
    RecognitionRequirement,
    RecognitionTarget,
    RecognitionUnit,
)
from portal.api import clock, db
from portal.api import in_user_language as loc


def qualifications(*, expired: bool, keep: int | None = None) -> list[RecognitionQualification]:
    """Qualification versions to offer as a target: valid ones, expired ones too if asked
    for; ``keep`` (the current target) is offered whatever its validity."""
    query = select(RecognitionQualification).order_by(
        RecognitionQualification.name_fi,
        RecognitionQualification.valid_from.desc(),
        RecognitionQualification.version.desc(),
    )
    if not expired:
        today = clock.today()
        query = query.where(
            (RecognitionQualification.valid_until.is_(None))
            | (RecognitionQualification.valid_until >= today)
            | (RecognitionQualification.id == (keep or 0))
        )
    return list(db.session.scalars(query))


def validity(qual: RecognitionQualification, today: date | None = None) -> str:
    """The validity of a version in words, with the transition period if it has one."""
    today = today or clock.today()
    if qual.expired(today):
        text = _("expired %(until)s", until=format_date(qual.valid_until, "short"))
    elif qual.valid_until:
        text = _(
            "valid %(start)s–%(until)s",
            start=format_date(qual.valid_from, "short") if qual.valid_from else "",
            until=format_date(qual.valid_until, "short"),
        )
    elif qual.valid_from:
        text = _("valid from %(start)s", start=format_date(qual.valid_from, "short"))
    else:
        text = _("validity not given")
    if qual.transition_ends and qual.transition_ends >= today:
        text += ", " + _(
            "transition period until %(end)s", end=format_date(qual.transition_ends, "short")
        )
    return text


def label(qual: RecognitionQualification) -> str:
    """How a version is named in a picker: name, record number, validity and version."""
    return _(
        "%(name)s (%(diary)s, %(validity)s, version %(version)d, ePerusteet %(id)s)",
        name=loc(qual.name),
        diary=qual.diary_number or "–",
        validity=validity(qual),
        version=qual.version,
        id=qual.source_id,
    )


def other_versions(qual: RecognitionQualification) -> list[RecognitionQualification]:
    """Other versions of the same qualification: same ePerusteet id or record number."""
    same = RecognitionQualification.source_id == qual.source_id
    if qual.diary_number:
        same = same | (RecognitionQualification.diary_number == qual.diary_number)
    return list(
        db.session.scalars(
            select(RecognitionQualification)
            .where(same, RecognitionQualification.id != qual.id)
            .order_by(RecognitionQualification.valid_from, RecognitionQualification.version)
        )
    )


def containing(unit_id: int) -> list[RecognitionQualification]:
    """The qualification versions that have this unit version."""
    return list(
        db.session.scalars(
            select(RecognitionQualification)
            .join(
                RecognitionMember, RecognitionMember.qualification_id == RecognitionQualification.id
            )
            .where(RecognitionMember.unit_id == unit_id)
            .order_by(RecognitionQualification.name_fi, RecognitionQualification.version)
        )
    )


def _newest_first(code: str):
    """Versions of a unit code, newest first: by the latest validity start of a qualification
    that has the version, then by the order they were stored."""
    since = func.max(RecognitionQualification.valid_from)
    return (
        select(RecognitionUnit.id)
        .outerjoin(RecognitionMember, RecognitionMember.unit_id == RecognitionUnit.id)
        .outerjoin(
            RecognitionQualification,
            RecognitionQualification.id == RecognitionMember.qualification_id,
        )
        .where(RecognitionUnit.code == code)
        .group_by(RecognitionUnit.id)
        .order_by(func.coalesce(since, date(1, 1, 1)).desc(), RecognitionUnit.id.desc())
    )


def current_unit_ids():
    """A subquery: the newest version of every unit code (see ``_newest_first``)."""
    since = func.max(RecognitionQualification.valid_from)
    per_unit = (
        select(
            RecognitionUnit.id.label("id"),
            RecognitionUnit.code.label("code"),
            func.coalesce(since, date(1, 1, 1)).label("since"),
        )
        .outerjoin(RecognitionMember, RecognitionMember.unit_id == RecognitionUnit.id)
        .outerjoin(
            RecognitionQualification,
            RecognitionQualification.id == RecognitionMember.qualification_id,
        )
        .group_by(RecognitionUnit.id, RecognitionUnit.code)
        .subquery()
    )
    ranked = select(
        per_unit.c.id,
        func.row_number()
        .over(
            partition_by=per_unit.c.code, order_by=(per_unit.c.since.desc(), per_unit.c.id.desc())
        )
        .label("rank"),
    ).subquery()
    return select(ranked.c.id).where(ranked.c.rank == 1)


@dataclass
class Change:
    """What a newer version of a unit changed: requirements and criteria added and removed."""

    newer: RecognitionUnit
    requirements_added: list[str]
    requirements_removed: list[str]
    criteria_added: list[str]
    criteria_removed: list[str]


def newer_version(unit: RecognitionUnit) -> Change | None:
    """The newest version of the unit's code if it is not this one, with a short diff."""
    newest_id = db.session.scalar(_newest_first(unit.code).limit(1))
    if newest_id is None or newest_id == unit.id:
        return None
    newer = db.session.get(RecognitionUnit, newest_id)
    old_req, new_req = _requirement_texts(unit.id), _requirement_texts(newest_id)
    old_crit, new_crit = _criteria_texts(unit.id), _criteria_texts(newest_id)
    return Change(
        newer=newer,
        requirements_added=_missing(new_req, old_req),
        requirements_removed=_missing(old_req, new_req),
        criteria_added=_missing(new_crit, old_crit),
        criteria_removed=_missing(old_crit, new_crit),
    )


def _missing(texts: list[str], other: list[str]) -> list[str]:
    present = set(other)
    return [t for t in texts if t not in present]


def _requirement_texts(unit_id: int) -> list[str]:
    return [
        loc(text)
        for text in db.session.scalars(
            select(RecognitionRequirement.text)
            .where(RecognitionRequirement.unit_id == unit_id)
            .order_by(RecognitionRequirement.position)
        )
    ]


def _criteria_texts(unit_id: int) -> list[str]:
    out: dict[str, None] = {}
    for criteria in db.session.scalars(
        select(RecognitionTarget.criteria)
        .where(RecognitionTarget.unit_id == unit_id)
        .order_by(RecognitionTarget.position)
    ):
        for level in sorted(criteria):
            out.update(dict.fromkeys(loc(k) for k in criteria[level]))
    return list(out)
