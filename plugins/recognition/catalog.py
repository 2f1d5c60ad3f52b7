"""Storing parsed ePerusteet data, and finding it again.

An import is one transaction: everything of every file is stored, or nothing. The catalog is
versioned and stored rows are never changed: a unit is stored once per distinct content (its
code and a fingerprint of what was read), a qualification once per ePerusteet id and content.
Importing another version adds rows beside the old ones, so a recognition made against a
version keeps its units, requirements and criteria, and importing the same files in any order
gives the same catalog.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from flask import current_app
from sqlalchemy import or_, select

from plugins.recognition import eperusteet as ep
from plugins.recognition import versions
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
    """What the files held (``qualifications`` … ``criteria``, each unit counted once) and
    how many versions were new to the catalog."""

    qualifications: int = 0
    units: int = 0
    requirements: int = 0
    criteria: int = 0
    new_versions: int = 0
    new_units: int = 0
    skipped: list[str] = field(default_factory=list)

    def add(self, other: ImportReport) -> None:
        self.qualifications += other.qualifications
        self.units += other.units
        self.requirements += other.requirements
        self.criteria += other.criteria
        self.new_versions += other.new_versions
        self.new_units += other.new_units
        self.skipped += other.skipped

    def summary(self) -> str:
        return " ".join(
            (
                _(
                    "Imported %(q)d qualification(s), %(u)d unit(s), %(r)d skill requirement(s) "
                    "and %(c)d assessment criteria.",
                    q=self.qualifications,
                    u=self.units,
                    r=self.requirements,
                    c=self.criteria,
                ),
                _(
                    "New in the catalog: %(v)d qualification version(s), %(n)d unit version(s).",
                    v=self.new_versions,
                    n=self.new_units,
                ),
            )
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


def _fingerprint(value: object) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _unit_content(unit: ep.Unit) -> dict:
    """What makes a unit version: everything read but ePerusteet's internal id."""
    content = asdict(unit)
    del content["source_id"]
    return content


def _import_file(data: bytes) -> ImportReport:
    """Parse and stage one file in the session (no commit). Raises ``ImportRefused``."""
    check_size(len(data))
    parsed = ep.parse(data)
    report = ImportReport(skipped=list(parsed.skipped))
    by_source, distinct = _distinct_units(parsed.units, report)
    stored = _store_units(distinct, report)
    units = {source: stored[unit.code] for source, unit in by_source.items()}
    if parsed.qualification is not None:
        _store_qualification(parsed.qualification, units, report)
        report.qualifications += 1
    db.session.flush()
    return report


def _distinct_units(
    units: list[ep.Unit], report: ImportReport
) -> tuple[dict[str, ep.Unit], list[ep.Unit]]:
    """Units by their ePerusteet id, and each code once: a code given again in the same file
    is reported once and its first unit kept (the structure's references go to that)."""
    first: dict[str, ep.Unit] = {}
    repeats: Counter[str] = Counter()
    by_source: dict[str, ep.Unit] = {}
    for unit in units:
        if unit.code in first:
            repeats[unit.code] += 1
        first.setdefault(unit.code, unit)
        by_source[unit.source_id] = first[unit.code]
    for code, times in repeats.items():
        report.skipped.append(
            _("%(unit)s: the code appears %(n)d times; the first was kept", unit=code, n=times + 1)
        )
    return by_source, list(first.values())


def _store_units(units: list[ep.Unit], report: ImportReport) -> dict[str, RecognitionUnit]:
    """Each unit's stored version by code: the existing row with the same content, else a new
    row. Existing rows are never changed."""
    prints = {unit.code: _fingerprint(_unit_content(unit)) for unit in units}
    found = {
        (row.code, row.fingerprint): row
        for row in db.session.scalars(
            select(RecognitionUnit).where(
                RecognitionUnit.code.in_(list(prints)),
                RecognitionUnit.fingerprint.in_(list(prints.values())),
            )
        )
    }
    out: dict[str, RecognitionUnit] = {}
    new: list[tuple[RecognitionUnit, ep.Unit]] = []
    for data in units:
        report.units += 1
        report.requirements += len(data.requirements)
        report.criteria += sum(len(k) for t in data.targets for k in t.criteria.values())
        row = found.get((data.code, prints[data.code]))
        if row is None:
            row = RecognitionUnit(
                code=data.code,
                fingerprint=prints[data.code],
                source_id=data.source_id,
                name=data.name,
                name_fi=ep.sort_key(data.name)[:300],
                kind=data.kind,
                scale=data.scale or "1",
                description=data.description,
                demonstration=data.demonstration,
                requirements_note=data.requirements_note,
                assessment_notes=data.assessment_notes,
                imported_at=clock.utcnow(),
            )
            db.session.add(row)
            new.append((row, data))
        out[data.code] = row
    db.session.flush()
    for row, data in new:
        db.session.add_all(
            RecognitionRequirement(unit_id=row.id, position=i, text=text, text_fi=ep.sort_key(text))
            for i, text in enumerate(data.requirements, start=1)
        )
        db.session.add_all(
            RecognitionTarget(
                unit_id=row.id,
                position=i,
                area=t.area,
                title=t.title,
                scale=t.scale or row.scale,
                criteria=t.criteria,
            )
            for i, t in enumerate(data.targets, start=1)
        )
    report.new_units += len(new)
    return out


def _store_qualification(
    data: ep.Qualification, units: dict[str, RecognitionUnit], report: ImportReport
) -> None:
    """The qualification version with this content: found, or added as the next version."""
    structure = _structure_by_code(data.structure, units)
    placements = _placements(data.members, units)
    content = {
        "diary_number": data.diary_number,
        "education_type": data.education_type,
        "name": data.name,
        "points_unit": data.points_unit,
        "structure": structure,
        "valid": [data.valid_from, data.valid_until, data.transition_ends],
        "members": [[units[s].code, units[s].fingerprint, p] for s, p in placements.items()],
    }
    fingerprint = _fingerprint(content)
    versions = db.session.scalars(
        select(RecognitionQualification).where(RecognitionQualification.source_id == data.source_id)
    ).all()
    if any(v.fingerprint == fingerprint for v in versions):
        return
    qualification = RecognitionQualification(
        source_id=data.source_id,
        version=max((v.version for v in versions), default=0) + 1,
        fingerprint=fingerprint,
        diary_number=data.diary_number,
        education_type=data.education_type,
        name=data.name,
        name_fi=ep.sort_key(data.name)[:300],
        points_unit=data.points_unit,
        structure=structure,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        transition_ends=data.transition_ends,
        imported_at=clock.utcnow(),
    )
    db.session.add(qualification)
    db.session.flush()
    report.new_versions += 1
    for position, (source, places) in enumerate(placements.items(), start=1):
        first = places[0]
        db.session.add(
            RecognitionMember(
                qualification_id=qualification.id,
                unit_id=units[source].id,
                position=position,
                points=first["points"],
                points_max=first["points_max"],
                mandatory=all(p["mandatory"] for p in places),
                group=first["group"],
                placements=places,
            )
        )


def _placements(
    members: list[ep.Member], units: dict[str, RecognitionUnit]
) -> dict[str, list[dict]]:
    """Each unit's places in the structure, in order; a unit given twice counts once."""
    out: dict[str, list[dict]] = {}
    seen: dict[int, str] = {}
    for member in members:
        unit = units[member.unit_source_id]
        source = seen.setdefault(unit.id, member.unit_source_id)
        place = {
            "group": member.group,
            "specialisation": member.specialisation,
            "mandatory": member.mandatory,
            "points": member.points,
            "points_max": member.points_max,
        }
        places = out.setdefault(source, [])
        if place not in places:
            places.append(place)
    return out


def _structure_by_code(modules: list[dict], units: dict[str, RecognitionUnit]) -> list[dict]:
    """The structure tree with ePerusteet's internal unit ids replaced by unit codes."""
    return [
        {
            **module,
            "units": [
                {**{k: v for k, v in leaf.items() if k != "unit"}, "code": units[leaf["unit"]].code}
                for leaf in module["units"]
                if leaf["unit"] in units
            ],
            "children": _structure_by_code(module["children"], units),
        }
        for module in modules
    ]


def _matching(query, text: str, *columns):
    """Narrow ``query`` to rows where any of ``columns`` contains ``text``, in any case (no
    text: all)."""
    if not text:
        return query
    # Escaped, so that "%" or "_" typed in a search is a character, not a wildcard.
    return query.where(
        or_(*(column.icontains(text.strip(), autoescape=True) for column in columns))
    )


def search_qualifications(text: str):
    query = select(RecognitionQualification).order_by(RecognitionQualification.name_fi)
    return _matching(
        query, text, RecognitionQualification.name_fi, RecognitionQualification.diary_number
    )


def search_units(text: str):
    query = select(RecognitionUnit).order_by(RecognitionUnit.name_fi)
    return _matching(query, text, RecognitionUnit.name_fi, RecognitionUnit.code)


#: A reference to a skill requirement: ``<unit code>/<position>``.
REFERENCE = re.compile(r"([a-z][a-z0-9]*_[A-Za-z0-9]+)/([0-9]{1,5})")


def skill_requirements(text: str, limit: int) -> list[SkillRequirementRef]:
    """Requirements of the newest version of each unit whose text (in any language), unit
    name or code matches, as references ``<unit code>/<position>``. A text of references
    separated by spaces gives those requirements (how a form shows the labels of chosen
    ones). One query."""
    query = (
        select(RecognitionRequirement, RecognitionUnit)
        .join(RecognitionUnit, RecognitionUnit.id == RecognitionRequirement.unit_id)
        .where(RecognitionUnit.id.in_(versions.current_unit_ids()))
        .order_by(RecognitionUnit.name_fi, RecognitionUnit.code, RecognitionRequirement.position)
        .limit(max(0, min(limit, 10_000)))
    )
    words = text.split()
    refs = [REFERENCE.fullmatch(word) for word in words]
    if words and all(refs):
        query = query.where(
            or_(
                *(
                    (RecognitionUnit.code == ref[1])
                    & (RecognitionRequirement.position == int(ref[2]))
                    for ref in refs[:100]
                )
            )
        )
    else:
        query = _matching(
            query,
            text[:100],
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
