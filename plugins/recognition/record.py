"""The record for the school: what was recognised, on what evidence, assessed by whom.

``build`` gathers it in a fixed number of queries; ``as_ehoks`` shapes it with the field names
of eHOKS (and Koski for the assessment) so that a school's system can read it. The mapping is
documented in the plugin's README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from plugins.recognition import queries, scales
from plugins.recognition.models import (
    DECIDED,
    RecognitionDemonstration,
    RecognitionEvidence,
    RecognitionMember,
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionTarget,
    RecognitionUnit,
    UnitStatus,
)
from portal.api import Client, audit, db

#: osaamisentodentamisenprosessi: how competence was verified.
DIRECT, THROUGH_ASSESSORS, DEMONSTRATION = (
    "osaamisentodentamisenprosessi_0001",
    "osaamisentodentamisenprosessi_0002",
    "osaamisentodentamisenprosessi_0003",
)


@dataclass
class UnitRecord:
    plan_unit: RecognitionPlanUnit
    unit: RecognitionUnit
    member: RecognitionMember | None
    evidence: list[RecognitionEvidence] = field(default_factory=list)
    demos: list[tuple[RecognitionDemonstration, list[tuple[RecognitionTarget, str]]]] = field(
        default_factory=list
    )


@dataclass
class Record:
    client: Client
    qualification: RecognitionQualification | None
    units: list[UnitRecord]

    @property
    def credited(self) -> float:
        return sum(u.plan_unit.points_credited or 0 for u in self.units)


def note_reading(client: Client) -> None:
    """Whoever reads a client's record is written in the audit trail (at the request's end)."""
    audit.read(client.id, "school_record", client.id, action="recognition.read")


def build(client: Client) -> Record:
    plan = queries.plan_of(client.id)
    if plan is None:
        return Record(client, None, [])
    qualification = db.session.get(RecognitionQualification, plan.qualification_id)
    units = {
        pu.id: UnitRecord(pu, unit, member) for pu, unit, member in queries.plan_units(plan.id)
    }
    for evidence in db.session.scalars(
        select(RecognitionEvidence)
        .where(RecognitionEvidence.plan_unit_id.in_(list(units)))
        .order_by(RecognitionEvidence.on, RecognitionEvidence.id)
    ):
        units[evidence.plan_unit_id].evidence.append(evidence)
    for demo, grades in queries.demonstrations_with_grades(list(units)):
        units[demo.plan_unit_id].demos.append((demo, grades))
    return Record(client, qualification, list(units.values()))


def _verification(unit: UnitRecord) -> str:
    if any(d.grade for d, _g in unit.demos):
        return DEMONSTRATION
    if unit.evidence:
        return THROUGH_ASSESSORS
    return DIRECT


def _demo_json(demo: RecognitionDemonstration, grades) -> dict[str, Any]:
    scale = grades[0][0].scale if grades else "1"
    company = demo.company
    return {
        "nayttoymparisto": {"nimi": company.name, "y-tunnus": company.business_id},
        "sisallon-kuvaus": [line for line in demo.tasks.splitlines() if line.strip()],
        "alku": demo.start_date.isoformat(),
        "loppu": demo.end_date.isoformat(),
        "koulutuksen-jarjestaja-osaamisen-arvioijat": [{"nimi": demo.teacher_name}],
        "tyoelama-osaamisen-arvioijat": [
            {
                "nimi": demo.employer_assessor.name,
                "organisaatio": {"nimi": company.name, "y-tunnus": company.business_id},
            }
        ],
        "arviointi": {
            "arvosana": scales.DISPLAY_GRADE.get(demo.grade, "") if demo.grade else None,
            "päivä": demo.assessed_on.isoformat() if demo.assessed_on else None,
            "arviointikohteet": [
                {
                    "nimi": target.title,
                    "arvosana": scales.DISPLAY_GRADE.get(level, level),
                    "arviointiasteikko": target.scale or scale,
                }
                for target, level in grades
            ],
            "arvioinnista-paattaneet": [
                f"ammatillisennaytonarvioinnistapaattaneet_{c}" for c in demo.decided_by
            ],
            "arviointikeskusteluun-osallistuneet": [
                f"ammatillisennaytonarviointikeskusteluunosallistuneet_{c}" for c in demo.discussion
            ],
        },
    }


def _unit_json(unit: UnitRecord) -> dict[str, Any]:
    pu = unit.plan_unit
    out: dict[str, Any] = {
        "tutkinnon-osa-koodi-uri": unit.unit.code,
        "nimi": unit.unit.name,
        "laajuus": unit.member.points if unit.member else None,
        "tila": str(pu.status),
        "todisteet": [
            {
                "tyyppi": e.kind,
                "kuvaus": e.label,
                "lisatieto": e.note,
                "paiva": e.on.isoformat() if e.on else None,
            }
            for e in unit.evidence
        ],
    }
    if pu.status in DECIDED:
        out |= {
            "valittu-todentamisen-prosessi-koodi-uri": _verification(unit),
            "tarkentavat-tiedot-naytto": [_demo_json(d, g) for d, g in unit.demos],
            "paatos": {
                "tulos": str(pu.status),
                "hyvaksytty-laajuus": pu.points_credited,
                "paiva": pu.decided_on.isoformat() if pu.decided_on else None,
                "paattaja": pu.decided_by.name if pu.decided_by else None,
                "perustelu": pu.decision_reason,
            },
        }
    else:
        out["osaamisen-osoittaminen"] = [_demo_json(d, g) for d, g in unit.demos]
    return out


def as_ehoks(record: Record) -> dict[str, Any]:
    qual = record.qualification
    recognised = (UnitStatus.RECOGNISED, UnitStatus.PARTIAL)
    return {
        "oppija": {"etunimet": record.client.first_name, "sukunimi": record.client.last_name},
        "tutkinto": None
        if qual is None
        else {
            "nimi": qual.name,
            "diaarinumero": qual.diary_number,
            "eperusteet-id": qual.source_id,
            "laajuusyksikko": qual.points_unit,
        },
        "aiemmin-hankitut-ammat-tutkinnon-osat": [
            _unit_json(u) for u in record.units if u.plan_unit.status in recognised
        ],
        "hankittavat-ammat-tutkinnon-osat": [
            _unit_json(u) for u in record.units if u.plan_unit.status not in recognised
        ],
        "hyvaksytty-laajuus-yhteensa": record.credited,
    }
