"""Storing parsed ePerusteet data, and finding it again.

An import is one transaction: everything of every file is stored, or nothing. Re-importing
updates rows found by their natural keys (a qualification's ePerusteet id, a unit's code, a
requirement's or target's position in its unit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import delete, or_, select

from plugins.recognition import eperusteet as ep
from plugins.recognition.i18n import _
from plugins.recognition.models import (
    RecognitionMember,
    RecognitionQualification,
    RecognitionRequirement,
    RecognitionTarget,
    RecognitionUnit,
)
from portal.api import SkillRequirementRef, audit, clock, db

DEFAULT_MAX_BYTES = 20 * 2**20


@dataclass
class ImportReport:
    qualifications: int = 0
    units: int = 0
    requirements: int = 0
    criteria: int = 0
    skipped: list[str] = field(default_factory=list)

    def add(self, other: ImportReport) -> None:
        self.qualifications += other.qualifications
        self.units += other.units
        self.requirements += other.requirements
        self.criteria += other.criteria
        self.skipped += other.skipped

    def summary(self) -> str:
        return _(
            "Imported %(q)d qualification(s), %(u)d unit(s), %(r)d skill requirement(s) and "
            "%(c)d assessment criteria.",
            q=self.qualifications,
            u=self.units,
            r=self.requirements,
            c=self.criteria,
        )


class FileRefused(Exception):
    """A file of an import was refused, so nothing was imported."""

    def __init__(self, name: str, reason: ep.ImportRefused) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def import_all(files: Iterable[tuple[str, Callable[[], bytes]]]) -> ImportReport:
    """Import files given as (name, read) in one transaction, audited and committed. The first
    file refused rolls back all of them and raises ``FileRefused``."""
    report = ImportReport()
    for name, read in files:
        try:
            report.add(_import_file(read()))
        except ep.ImportRefused as error:
            db.session.rollback()
            raise FileRefused(name, error) from None
    audit.record("recognition.import", purpose=report.summary())
    db.session.commit()
    return report


def check_size(size: int) -> None:
    limit = current_app.config.get("RECOGNITION_MAX_IMPORT_BYTES", DEFAULT_MAX_BYTES)
    if size > limit:
        raise ep.ImportRefused(
            _(
                "The file is too big (%(size)d MB; at most %(max)d MB).",
                size=-(-size // 2**20),
                max=limit // 2**20,
            )
        )


def _import_file(data: bytes) -> ImportReport:
    """Parse and stage one file in the session (no commit). Raises ``ImportRefused``."""
    check_size(len(data))
    parsed = ep.parse(data)
    report = ImportReport(skipped=list(parsed.skipped))
    units = {unit.source_id: _store_unit(unit, report) for unit in parsed.units}
    if parsed.qualification is not None:
        _store_qualification(parsed.qualification, units)
        report.qualifications += 1
    db.session.flush()
    return report


def _store_unit(data: ep.Unit, report: ImportReport) -> RecognitionUnit:
    unit = db.session.scalar(select(RecognitionUnit).where(RecognitionUnit.code == data.code))
    if unit is None:
        unit = RecognitionUnit(code=data.code)
        db.session.add(unit)
    unit.source_id = data.source_id
    unit.name = data.name
    unit.name_fi = data.name["fi"][:300]
    unit.kind = data.kind
    unit.scale = data.scale or "1"
    unit.description = data.description
    unit.demonstration = data.demonstration
    unit.imported_at = clock.utcnow()
    db.session.flush()
    _replace_positions(
        RecognitionRequirement,
        unit.id,
        [{"text": r, "text_fi": r["fi"]} for r in data.requirements],
    )
    _replace_positions(
        RecognitionTarget,
        unit.id,
        [
            {
                "area": t.area,
                "title": t.title,
                "scale": t.scale or unit.scale,
                "criteria": t.criteria,
            }
            for t in data.targets
        ],
    )
    report.units += 1
    report.requirements += len(data.requirements)
    report.criteria += sum(len(k) for t in data.targets for k in t.criteria.values())
    return unit


def _replace_positions(model, unit_id: int, rows: list[dict]) -> None:
    """Update rows by position (so references to them stay valid), add new ones, drop the rest."""
    existing = {
        row.position: row
        for row in db.session.scalars(select(model).where(model.unit_id == unit_id))
    }
    for position, values in enumerate(rows, start=1):
        row = existing.pop(position, None) or model(unit_id=unit_id, position=position)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.add(row)
    for row in existing.values():
        db.session.delete(row)


def _store_qualification(data: ep.Qualification, units: dict[str, RecognitionUnit]) -> None:
    qualification = db.session.scalar(
        select(RecognitionQualification).where(RecognitionQualification.source_id == data.source_id)
    )
    if qualification is None:
        qualification = RecognitionQualification(source_id=data.source_id)
        db.session.add(qualification)
    qualification.diary_number = data.diary_number
    qualification.education_type = data.education_type
    qualification.name = data.name
    qualification.name_fi = data.name["fi"][:300]
    qualification.points_unit = data.points_unit
    qualification.structure = _structure_by_code(data.structure, units)
    qualification.imported_at = clock.utcnow()
    db.session.flush()
    db.session.execute(
        delete(RecognitionMember).where(RecognitionMember.qualification_id == qualification.id)
    )
    seen: set[int] = set()
    for position, member in enumerate(data.members, start=1):
        unit = units[member.unit_source_id]
        if unit.id in seen:
            continue
        seen.add(unit.id)
        db.session.add(
            RecognitionMember(
                qualification_id=qualification.id,
                unit_id=unit.id,
                position=position,
                points=member.points,
                points_max=member.points_max,
                mandatory=member.mandatory,
                group=member.group,
            )
        )


def _structure_by_code(modules: list[dict], units: dict[str, RecognitionUnit]) -> list[dict]:
    """The structure tree with ePerusteet's internal unit ids replaced by unit codes."""
    return [
        {
            **module,
            "units": [units[u].code for u in module["units"] if u in units],
            "children": _structure_by_code(module["children"], units),
        }
        for module in modules
    ]


def _matching(query, text: str, *columns):
    """Narrow ``query`` to rows where any of ``columns`` contains ``text`` (no text: all)."""
    if not text:
        return query
    pattern = f"%{text.strip()}%"
    return query.where(or_(*(column.ilike(pattern) for column in columns)))


def search_qualifications(text: str):
    query = select(RecognitionQualification).order_by(RecognitionQualification.name_fi)
    return _matching(
        query, text, RecognitionQualification.name_fi, RecognitionQualification.diary_number
    )


def search_units(text: str):
    query = select(RecognitionUnit).order_by(RecognitionUnit.name_fi)
    return _matching(query, text, RecognitionUnit.name_fi, RecognitionUnit.code)


def skill_requirements(text: str, limit: int) -> list[SkillRequirementRef]:
    """Requirements whose text or unit matches, as references ``<unit code>/<position>``."""
    query = (
        select(RecognitionRequirement, RecognitionUnit)
        .join(RecognitionUnit, RecognitionUnit.id == RecognitionRequirement.unit_id)
        .order_by(RecognitionUnit.name_fi, RecognitionRequirement.position)
        .limit(limit)
    )
    query = _matching(
        query,
        text,
        RecognitionRequirement.text_fi,
        RecognitionUnit.name_fi,
        RecognitionUnit.code,
    )
    return [
        SkillRequirementRef(
            f"{unit.code}/{req.position}",
            {
                lang: f"{unit.name.get(lang) or unit.name_fi}: {req.text.get(lang) or req.text_fi}"
                for lang in ep.LANGUAGES
            },
        )
        for req, unit in db.session.execute(query)
    ]
