"""Reading a whole file: a qualification (peruste) with its structure, a unit, or a list of
units."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from plugins.recognition.eperusteet import limits
from plugins.recognition.eperusteet.limits import Notes, as_dict, as_list, load, number
from plugins.recognition.eperusteet.parsed import ImportRefused, Member, Parsed, Qualification
from plugins.recognition.eperusteet.texts import plain, sort_key, text
from plugins.recognition.eperusteet.units import parse_unit
from plugins.recognition.i18n import _

#: ePerusteet publishes dates as milliseconds since 1970 in Finnish time; noon keeps the day.
_FINNISH_NOON_MS = 10 * 3600 * 1000


def _date(value: Any) -> date | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 4e12:
        return None
    return datetime.fromtimestamp((value + _FINNISH_NOON_MS) / 1000, UTC).date()


class _Tree:
    """Reads a structure tree (rakenne) into modules whose leaves are a unit's place there."""

    def __init__(self, references: dict[str, dict], notes: Notes) -> None:
        self.references = references
        self.notes = notes
        self.members: list[Member] = []
        self.nodes = 0

    def _room(self) -> bool:
        """Whether the tree may grow: a page shows it whole, so it stays page-sized."""
        self.nodes += 1
        if self.nodes == limits.MAX_STRUCTURE + 1:
            self.notes.append(
                _(
                    "The structure has over %(n)d parts; the rest was left out.",
                    n=limits.MAX_STRUCTURE,
                )
            )
        return self.nodes <= limits.MAX_STRUCTURE

    def module(self, node: dict, path: str, specialisation: str) -> dict:
        self.notes.tick()
        name = text(node.get("nimi"))
        rule = as_dict(as_dict(node.get("muodostumisSaanto")).get("laajuus"))
        field = as_dict(node.get("osaamisala"))
        own = sort_key(text(field.get("nimi"))) or plain(field.get("osaamisalakoodiUri"))
        specialisation = own or specialisation
        here = " / ".join(p for p in (path, sort_key(name)) if p)
        module = {
            "name": name,
            "min": number(rule.get("minimi")),
            "max": number(rule.get("maksimi")),
            "specialisation": own[:300],
            "units": [],
            "children": [],
        }
        for child in as_list(node.get("osat"), self.notes, sort_key(name) or "?"):
            if not isinstance(child, dict) or not self._room():
                continue
            if "osat" in child:
                module["children"].append(self.module(child, here, specialisation))
                continue
            reference = self.references.get(str(child.get("_tutkinnonOsaViite")))
            if reference is None:
                continue
            unit_id = str(reference.get("_tutkinnonOsa"))
            member = Member(
                unit_source_id=unit_id,
                points=number(reference.get("laajuus")),
                points_max=number(reference.get("laajuusMaksimi")),
                mandatory=child.get("pakollinen") is True,
                group=here[:300],
                specialisation=specialisation[:300],
            )
            module["units"].append(
                {
                    "unit": unit_id,
                    "mandatory": member.mandatory,
                    "points": member.points,
                    "points_max": member.points_max,
                }
            )
            self.members.append(member)
        return module


def _way_of_completion(raw: dict, notes: Notes) -> dict:
    ways = [w for w in as_list(raw.get("suoritustavat"), notes, "suoritustavat") if w]
    ways = [w for w in ways if isinstance(w, dict)]
    order = {"reformi": 0, "ops": 1, "naytto": 2}
    ways.sort(key=lambda w: order.get(str(w.get("suoritustapakoodi")), 9))
    return ways[0] if ways else {}


def parse_qualification(raw: dict, notes: Notes) -> Parsed:
    name = text(raw.get("nimi"))
    if not name:
        raise ImportRefused(_("The qualification has no name."))
    units_raw = as_list(
        raw.get("tutkinnonOsat") or raw.get("koulutuksenOsat"), notes, sort_key(name)
    )
    units = [u for u in (parse_unit(r, notes) for r in units_raw) if u]
    way = _way_of_completion(raw, notes)
    references = {
        str(r.get("id")): r
        for r in as_list(way.get("tutkinnonOsaViitteet"), notes, "tutkinnonOsaViitteet")
        if isinstance(r, dict)
    }
    tree = _Tree(references, notes)
    structure = []
    if isinstance(way.get("rakenne"), dict):
        structure = [tree.module(way["rakenne"], "", "")]
    members = tree.members
    placed = {m.unit_source_id for m in members}
    raw_by_id = {str(r.get("id")): r for r in units_raw if isinstance(r, dict)}
    for unit in units:
        if unit.source_id not in placed:  # parts outside a structure tree (e.g. TUVA)
            part = raw_by_id.get(unit.source_id, {})
            low = number(part.get("laajuusMinimi", part.get("laajuus")))
            members.append(
                Member(unit.source_id, low, number(part.get("laajuusMaksimi")), False, "")
            )
    unit_ids = {u.source_id for u in units}
    members = [m for m in members if m.unit_source_id in unit_ids]
    source = raw.get("id")
    source_id = str(source)[:40] if isinstance(source, str | int) else ""
    diary = plain(raw.get("diaarinumero"))
    if not (source_id or diary):
        raise ImportRefused(_("The qualification has neither an id nor a record number."))
    kind = "viikko" if "koulutuksenOsat" in raw else plain(way.get("laajuusYksikko")).lower()
    return Parsed(
        Qualification(
            source_id=source_id or diary[:40],
            diary_number=diary[:40],
            education_type=plain(raw.get("koulutustyyppi"))[:40],
            name=name,
            points_unit=kind[:20] or "osaamispiste",
            structure=structure,
            members=members,
            valid_from=_date(raw.get("voimassaoloAlkaa")),
            valid_until=_date(raw.get("voimassaoloLoppuu")),
            transition_ends=_date(raw.get("siirtymaPaattyy")),
        ),
        units,
        list(notes),
    )


def _is_unit(value: Any) -> bool:
    return isinstance(value, dict) and (
        value.get("osanTyyppi") in ("tutkinnonosa", "koulutuksenosa")
        or str(value.get("koodiUri") or "").startswith("tutkinnonosat_")
    )


def parse(data: bytes) -> Parsed:
    """Read one ePerusteet file: a qualification (peruste), a unit, or a list of units.
    Raises ``ImportRefused`` with the reason for a file that cannot be read at all."""
    raw = load(data)
    notes = Notes()
    if isinstance(raw, dict) and ("tutkinnonOsat" in raw or "koulutuksenOsat" in raw):
        try:
            parsed = parse_qualification(raw, notes)
        except (AttributeError, TypeError, ValueError, KeyError) as error:
            raise ImportRefused(
                _("The qualification's data is malformed (%(error)s).", error=type(error).__name__)
            ) from None
    elif _is_unit(raw) or (isinstance(raw, list) and raw and all(map(_is_unit, raw))):
        entries = as_list(raw if isinstance(raw, list) else [raw], notes, "units")
        units = [u for u in (parse_unit(r, notes) for r in entries) if u]
        parsed = Parsed(None, units, list(notes))
    else:
        raise ImportRefused(_("The file is not ePerusteet qualification or unit data."))
    if not parsed.units:
        raise ImportRefused(_("The file holds no usable qualification units."))
    _check_totals(parsed)
    return parsed


def _check_totals(parsed: Parsed) -> None:
    requirements = sum(len(u.requirements) for u in parsed.units)
    criteria = sum(len(k) for u in parsed.units for t in u.targets for k in t.criteria.values())
    if requirements > limits.MAX_REQUIREMENTS or criteria > limits.MAX_CRITERIA:
        raise ImportRefused(
            _(
                "The file has more skill requirements or criteria than one import takes "
                "(at most %(r)d and %(c)d).",
                r=limits.MAX_REQUIREMENTS,
                c=limits.MAX_CRITERIA,
            )
        )
