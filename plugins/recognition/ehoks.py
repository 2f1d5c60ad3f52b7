"""The school record as an eHOKS HOKS document, beside Polku's own details.

``as_ehoks`` returns ``{"hoks": ..., "polku": ...}``. ``hoks`` follows the published eHOKS
schema (``oph.ehoks.hoks.schema``, the shape a school's system sends with POST) and holds nothing
else: ``data/ehoks-hoks-subset.schema.json`` is the part of it we emit, and the tests validate
every record against it. What eHOKS has no field for (names, the decision, its confirmation,
evidence, grades as Koski codes) is in ``polku``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from plugins.recognition import scales
from plugins.recognition.models import (
    DECIDED,
    Confirmation,
    RecognitionDemonstration,
    RecognitionPlan,
    RecognitionTarget,
    UnitStatus,
)
from plugins.recognition.record import Record, UnitRecord
from portal.api import Placement

#: osaamisentodentamisenprosessi: how competence was verified.
DIRECT, THROUGH_ASSESSORS, DEMONSTRATION = (
    "osaamisentodentamisenprosessi_0001",
    "osaamisentodentamisenprosessi_0002",
    "osaamisentodentamisenprosessi_0003",
)
#: Workplace learning in a placement: training agreement (koulutussopimus).
WORKPLACE = "osaamisenhankkimistapa_koulutussopimus"
#: The catalog keeps no Koodisto versions; every code list here is at its first version.
CODE_VERSION = 1
UNIT_CODE = re.compile(r"^tutkinnonosat_\d+$")
TUVA_CODE = re.compile(r"^koulutuksenosattuva_\d{3}$")
PHONE = re.compile(r"^[-+0-9() ]{1,256}$")
COMMON_UNIT = "tutke2"


def valid_business_id(value: str) -> bool:
    """A Finnish business ID (y-tunnus) with a correct check digit, as eHOKS requires."""
    if not re.fullmatch(r"[0-9]{7}-[0-9]", value or ""):
        return False
    rest = sum(int(d) * w for d, w in zip(value[:7], (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if rest == 1:
        return False
    return (0 if rest == 0 else 11 - rest) == int(value[-1])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _company(name: str, business_id: str) -> dict[str, str]:
    out = {"nimi": name}
    if valid_business_id(business_id):
        out["y-tunnus"] = business_id
    return out


def _school(plan: RecognitionPlan | None) -> dict[str, str]:
    return {"oppilaitos-oid": plan.school_oid} if plan and plan.school_oid else {}


def _demonstration(demo: RecognitionDemonstration, plan: RecognitionPlan | None) -> dict:
    """osaamisen-osoittaminen: where, what, when and both kinds of assessors."""
    company = demo.company
    environment = _company(company.name, company.business_id)
    if company.industry:
        environment["kuvaus"] = company.industry
    out: dict[str, Any] = {}
    if plan and plan.school_oid:
        out["jarjestaja"] = {"oppilaitos-oid": plan.school_oid}
    out |= {
        "nayttoymparisto": environment,
        "sisallon-kuvaus": _lines(demo.tasks),
        "alku": _iso(demo.start_date),
        "loppu": _iso(demo.end_date),
        "koulutuksen-jarjestaja-osaamisen-arvioijat": [
            {"nimi": demo.teacher_name, "organisaatio": _school(plan)}
        ],
        "tyoelama-osaamisen-arvioijat": [
            {
                "nimi": demo.employer_assessor.name,
                "organisaatio": _company(company.name, company.business_id),
            }
        ],
    }
    if _lines(demo.individual_criteria):
        out["yksilolliset-kriteerit"] = _lines(demo.individual_criteria)
    return out


def _workplace(placement: Placement) -> dict[str, Any]:
    """osaamisen-hankkimistapa of a placement: the workplace, supervisor, tasks, part-time %
    and interruptions."""
    out: dict[str, Any] = {
        "alku": _iso(placement.start_date),
        "loppu": _iso(placement.last_day),
        "yksiloiva-tunniste": f"polku-placement-{placement.id}",
        "osaamisen-hankkimistapa-koodi-uri": WORKPLACE,
        "osaamisen-hankkimistapa-koodi-versio": CODE_VERSION,
    }
    supervisor = placement.supervisor
    if supervisor is not None:
        person: dict[str, str] = {"nimi": supervisor.name, "sahkoposti": supervisor.email}
        if supervisor.phone and PHONE.match(supervisor.phone):
            person["puhelinnumero"] = supervisor.phone
        workplace: dict[str, Any] = {
            "vastuullinen-tyopaikka-ohjaaja": person,
            "tyopaikan-nimi": placement.company.name,
        }
        if valid_business_id(placement.company.business_id):
            workplace["tyopaikan-y-tunnus"] = placement.company.business_id
        workplace["keskeiset-tyotehtavat"] = _lines(placement.tasks)
        out["tyopaikalla-jarjestettava-koulutus"] = workplace
    if 1 <= (placement.part_time_percent or 0) <= 100:
        out["osa-aikaisuustieto"] = placement.part_time_percent
    breaks = sorted(placement.interruptions, key=lambda i: i.start_date)
    if breaks:
        out["keskeytymisajanjaksot"] = [
            {"alku": _iso(i.start_date), "loppu": _iso(i.end_date)} for i in breaks
        ]
    return out


def is_recognised(unit: UnitRecord) -> bool:
    """Counted as earlier acquired competence: recognised and confirmed by the provider."""
    pu = unit.plan_unit
    return pu.status == UnitStatus.RECOGNISED and pu.confirmation == Confirmation.CONFIRMED


def verification(unit: UnitRecord) -> str:
    if any(d.grade for d, _g in unit.open_demos):
        return DEMONSTRATION
    if unit.evidence:
        return THROUGH_ASSESSORS
    return DIRECT


def _earlier(unit: UnitRecord, record: Record, common: bool) -> dict[str, Any]:
    plan = record.plan
    out: dict[str, Any] = {
        "tutkinnon-osa-koodi-uri": unit.unit.code,
        "tutkinnon-osa-koodi-versio": CODE_VERSION,
    }
    if common:
        out["osa-alueet"] = []
    if plan and plan.school_oid:
        out["koulutuksen-jarjestaja-oid"] = plan.school_oid
    how = verification(unit)
    out["valittu-todentamisen-prosessi-koodi-uri"] = how
    out["valittu-todentamisen-prosessi-koodi-versio"] = CODE_VERSION
    if how == DEMONSTRATION:
        out["tarkentavat-tiedot-naytto"] = [
            _demonstration(d, plan) for d, _g in unit.open_demos if d.grade
        ]
    elif how == THROUGH_ASSESSORS:
        confirmer = record.confirmers.get(unit.plan_unit.confirmed_by_id)
        details: dict[str, Any] = {}
        if unit.plan_unit.decided_on:
            details["lahetetty-arvioitavaksi"] = _iso(unit.plan_unit.decided_on)
        if confirmer is not None:
            details["aiemmin-hankitun-osaamisen-arvioijat"] = [
                {"nimi": confirmer.name, "organisaatio": _school(plan)}
            ]
        out["tarkentavat-tiedot-osaamisen-arvioija"] = details
    return out


def _to_acquire(unit: UnitRecord, record: Record, common: bool) -> dict[str, Any]:
    plan = record.plan
    out: dict[str, Any] = {
        "tutkinnon-osa-koodi-uri": unit.unit.code,
        "tutkinnon-osa-koodi-versio": CODE_VERSION,
    }
    if plan and plan.school_oid:
        out["koulutuksen-jarjestaja-oid"] = plan.school_oid
    if common:  # a common unit's ways and demonstrations belong to its subject areas
        out["osa-alueet"] = []
        return out
    if unit.placements:
        out["osaamisen-hankkimistavat"] = [_workplace(p) for p in unit.placements]
    if unit.open_demos:
        out["osaamisen-osoittaminen"] = [_demonstration(d, plan) for d, _g in unit.open_demos]
    return out


def _tuva_part(unit: UnitRecord, record: Record) -> dict[str, Any]:
    days = [p.start_date for p in unit.placements] + [p.last_day for p in unit.placements]
    created = record.plan.created_at.date() if record.plan else None
    return {
        "koulutuksen-osa-koodi-uri": unit.unit.code,
        "koulutuksen-osa-koodi-versio": CODE_VERSION,
        "alku": _iso(min(days) if days else created),
        "loppu": _iso(max(days) if days else created),
        "laajuus": (unit.member.points if unit.member and unit.member.points else 0),
    }


def hoks(record: Record) -> dict[str, Any]:
    """The eHOKS document: only fields of the published schema."""
    plan = record.plan
    doc: dict[str, Any] = {}
    if plan and plan.learner_oid:
        doc["oppija-oid"] = plan.learner_oid
    if plan and plan.study_right_oid:
        doc["opiskeluoikeus-oid"] = plan.study_right_oid
    if plan and plan.hoks_approved_on:
        doc["ensikertainen-hyvaksyminen"] = _iso(plan.hoks_approved_on)
    lists: dict[str, list] = {
        "aiemmin-hankitut-ammat-tutkinnon-osat": [],
        "aiemmin-hankitut-yhteiset-tutkinnon-osat": [],
        "hankittavat-ammat-tutkinnon-osat": [],
        "hankittavat-yhteiset-tutkinnon-osat": [],
        "hankittavat-koulutuksen-osat": [],
    }
    for unit in record.units:
        code = unit.unit.code
        common = unit.unit.kind == COMMON_UNIT
        kind = "yhteiset" if common else "ammat"
        if TUVA_CODE.match(code):
            lists["hankittavat-koulutuksen-osat"].append(_tuva_part(unit, record))
        elif not UNIT_CODE.match(code):
            continue  # a unit without a Koodisto code cannot be named in eHOKS
        elif is_recognised(unit):
            lists[f"aiemmin-hankitut-{kind}-tutkinnon-osat"].append(_earlier(unit, record, common))
        else:
            lists[f"hankittavat-{kind}-tutkinnon-osat"].append(_to_acquire(unit, record, common))
    doc["osaamisen-hankkimisen-tarve"] = not record.units or any(
        rows for key, rows in lists.items() if key.startswith("hankittavat")
    )
    doc |= {key: rows for key, rows in lists.items() if rows}
    return doc


def missing(record: Record) -> list[str]:
    """eHOKS fields the school still has to give before the HOKS can be sent."""
    plan = record.plan
    fields = {
        "oppija-oid": plan.learner_oid if plan else "",
        "opiskeluoikeus-oid": plan.study_right_oid if plan else "",
        "ensikertainen-hyvaksyminen": plan.hoks_approved_on if plan else None,
        "oppilaitos-oid": plan.school_oid if plan else "",
    }
    return [name for name, value in fields.items() if not value]


def _grade(scale: str, demo: RecognitionDemonstration, grades: list) -> dict[str, Any]:
    targets: list[tuple[RecognitionTarget, str]] = grades
    return {
        "arvosana": scales.koski_grade(scale, demo.grade) if demo.grade else None,
        "paiva": _iso(demo.assessed_on),
        "arviointikohteet": [
            {"nimi": t.title, "arvosana": scales.koski_grade(t.scale or scale, level)}
            for t, level in targets
        ],
        "arvioinnista-paattaneet": [
            f"ammatillisennaytonarvioinnistapaattaneet_{c}" for c in demo.decided_by
        ],
        "arviointikeskusteluun-osallistuneet": [
            f"ammatillisennaytonarviointikeskusteluunosallistuneet_{c}" for c in demo.discussion
        ],
    }


def _polku_unit(unit: UnitRecord, record: Record) -> dict[str, Any]:
    pu = unit.plan_unit
    out: dict[str, Any] = {
        "tutkinnon-osa-koodi-uri": unit.unit.code,
        "nimi": unit.unit.name,
        "laajuus": unit.member.points if unit.member else None,
        "tila": str(pu.status),
        "todisteet": [
            {"tyyppi": e.kind, "kuvaus": e.label, "lisatieto": e.note, "paiva": _iso(e.on)}
            for e in unit.evidence
        ],
        "naytot": [
            {"alku": _iso(d.start_date), "arviointi": _grade(unit.unit.scale, d, g)}
            for d, g in unit.open_demos
        ],
    }
    if pu.status in DECIDED:
        confirmer = record.confirmers.get(pu.confirmed_by_id)
        out["paatos"] = {
            "tulos": str(pu.status),
            "hyvaksytty-laajuus": pu.points_credited,
            "paiva": _iso(pu.decided_on),
            "ehdottaja": pu.decided_by.name if pu.decided_by else None,
            "perustelu": pu.decision_reason,
            "vahvistus": pu.confirmation,
            "vahvistaja": confirmer.name if confirmer else None,
            "vahvistettu": _iso(pu.confirmed_on),
        }
    return out


def as_ehoks(record: Record) -> dict[str, Any]:
    qual = record.qualification
    return {
        "hoks": hoks(record),
        "polku": {
            "oppija": {
                "etunimet": record.client.first_name,
                "sukunimi": record.client.last_name,
            },
            "tutkinto": None
            if qual is None
            else {
                "nimi": qual.name,
                "diaarinumero": qual.diary_number,
                "eperusteet-id": qual.source_id,
                "laajuusyksikko": qual.points_unit,
            },
            "puuttuvat-tiedot": missing(record),
            "tutkinnon-osat": [_polku_unit(u, record) for u in record.units],
            "hyvaksytty-laajuus-yhteensa": sum(
                u.plan_unit.points_credited or 0 for u in record.units if is_recognised(u)
            ),
        },
    }
