"""Reading a whole file: a qualification (peruste) with its structure, a unit, or a list of
units."""

from __future__ import annotations

import json
from typing import Any

from plugins.recognition.eperusteet.parsed import ImportRefused, Member, Parsed, Qualification
from plugins.recognition.eperusteet.texts import plain, text
from plugins.recognition.eperusteet.units import parse_unit
from plugins.recognition.i18n import _


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _structure(node: dict, references: dict[str, dict], members: list[Member], path: str) -> dict:
    name = text(node.get("nimi"))
    rule = (node.get("muodostumisSaanto") or {}).get("laajuus") or {}
    here = " / ".join(p for p in (path, name.get("fi", "")) if p)
    module = {
        "name": name,
        "min": _number(rule.get("minimi")),
        "max": _number(rule.get("maksimi")),
        "units": [],
        "children": [],
    }
    for child in node.get("osat") or []:
        if not isinstance(child, dict):
            continue
        if "osat" in child:
            module["children"].append(_structure(child, references, members, here))
            continue
        reference = references.get(str(child.get("_tutkinnonOsaViite")))
        if reference is None:
            continue
        unit_id = str(reference.get("_tutkinnonOsa"))
        module["units"].append(unit_id)
        members.append(
            Member(
                unit_source_id=unit_id,
                points=_number(reference.get("laajuus")),
                points_max=_number(reference.get("laajuusMaksimi")),
                mandatory=bool(child.get("pakollinen")),
                group=here[:300],
            )
        )
    return module


def _way_of_completion(raw: dict) -> dict:
    ways = [w for w in raw.get("suoritustavat") or [] if isinstance(w, dict)]
    order = {"reformi": 0, "ops": 1, "naytto": 2}
    ways.sort(key=lambda w: order.get(w.get("suoritustapakoodi"), 9))
    return ways[0] if ways else {}


def parse_qualification(raw: dict, skipped: list[str]) -> Parsed:
    name = text(raw.get("nimi"))
    if not name.get("fi"):
        raise ImportRefused(_("The qualification has no Finnish name."))
    units_raw = raw.get("tutkinnonOsat") or raw.get("koulutuksenOsat") or []
    units = [u for u in (parse_unit(r, skipped) for r in units_raw) if u]
    way = _way_of_completion(raw)
    references = {
        str(r.get("id")): r for r in way.get("tutkinnonOsaViitteet") or [] if isinstance(r, dict)
    }
    members: list[Member] = []
    structure = []
    if isinstance(way.get("rakenne"), dict):
        structure = [_structure(way["rakenne"], references, members, "")]
    placed = {m.unit_source_id for m in members}
    raw_by_id = {str(r.get("id")): r for r in units_raw if isinstance(r, dict)}
    for unit in units:
        if unit.source_id not in placed:  # parts outside a structure tree (e.g. TUVA)
            part = raw_by_id.get(unit.source_id, {})
            low = _number(part.get("laajuusMinimi", part.get("laajuus")))
            members.append(
                Member(unit.source_id, low, _number(part.get("laajuusMaksimi")), False, "")
            )
    unit_ids = {u.source_id for u in units}
    members = [m for m in members if m.unit_source_id in unit_ids]
    source_id = str(raw.get("id") or "")
    diary = plain(raw.get("diaarinumero"))
    if not (source_id or diary):
        raise ImportRefused(_("The qualification has neither an id nor a record number."))
    unit = "viikko" if "koulutuksenOsat" in raw else str(way.get("laajuusYksikko") or "").lower()
    return Parsed(
        Qualification(
            source_id=source_id or diary,
            diary_number=diary[:40],
            education_type=plain(raw.get("koulutustyyppi"))[:40],
            name=name,
            points_unit=unit[:20] or "osaamispiste",
            structure=structure,
            members=members,
        ),
        units,
        skipped,
    )


def _is_unit(value: Any) -> bool:
    return isinstance(value, dict) and (
        value.get("osanTyyppi") in ("tutkinnonosa", "koulutuksenosa")
        or str(value.get("koodiUri") or "").startswith("tutkinnonosat_")
    )


def parse(data: bytes) -> Parsed:
    """Read one ePerusteet file: a qualification (peruste), a unit, or a list of units."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRefused(_("The file is not valid JSON (%(error)s).", error=error)) from None
    skipped: list[str] = []
    if isinstance(raw, dict) and ("tutkinnonOsat" in raw or "koulutuksenOsat" in raw):
        parsed = parse_qualification(raw, skipped)
    elif _is_unit(raw) or (isinstance(raw, list) and raw and all(map(_is_unit, raw))):
        units = [u for u in (parse_unit(r, skipped) for r in _as_list(raw)) if u]
        parsed = Parsed(None, units, skipped)
    else:
        raise ImportRefused(_("The file is not ePerusteet qualification or unit data."))
    if not parsed.units:
        raise ImportRefused(_("The file holds no usable qualification units."))
    return parsed


def _as_list(raw: Any) -> list:
    return raw if isinstance(raw, list) else [raw]
