"""Reading qualification data as the national ePerusteet service publishes it.

Pure functions: bytes in, plain dataclasses out, no database. The service's JSON is awkward
(HTML inside text, several languages, nulls, three shapes of skill requirements across the
reforms), so every reader here takes what is usable and notes what it skipped.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import nh3

from plugins.recognition.i18n import _

LANGUAGES = ("fi", "sv", "en")
#: The safe subset of HTML kept in long texts (descriptions, ways of demonstrating).
SAFE_TAGS = {"p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "h3", "h4", "h5"}
#: ePerusteet's assessment scales and the competence-level ids each uses.
SCALE_LEVELS = {"1": ("1",), "2": ("2", "3", "4"), "3": ("5", "6", "7", "8", "9")}

Text = dict[str, str]


class ImportRefused(Exception):
    """The file cannot be imported at all; ``message`` says why in the user's language."""


@dataclass
class Target:
    """An assessment target (arvioinnin kohde) with its criteria per competence level."""

    area: Text
    title: Text
    scale: str | None
    criteria: dict[str, list[Text]]


@dataclass
class Unit:
    code: str
    source_id: str
    name: Text
    kind: str
    scale: str | None
    description: Text = field(default_factory=dict)
    demonstration: Text = field(default_factory=dict)
    requirements: list[Text] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class Member:
    """A unit's place in a qualification: its points and whether it is mandatory."""

    unit_source_id: str
    points: float | None
    points_max: float | None
    mandatory: bool
    group: str


@dataclass
class Qualification:
    source_id: str
    diary_number: str
    education_type: str
    name: Text
    points_unit: str
    structure: list[dict[str, Any]]
    members: list[Member]


@dataclass
class Parsed:
    qualification: Qualification | None
    units: list[Unit]
    skipped: list[str] = field(default_factory=list)


def plain(value: Any) -> str:
    """A text field as plain text: every tag removed, entities decoded, space tidied."""
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(nh3.clean(value, tags=set())).split())


def safe_html(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return nh3.clean(value, tags=SAFE_TAGS, attributes={}).strip()


def text(value: Any, convert=plain) -> Text:
    """A localized ePerusteet text ({"fi": ..., "sv": ..., "_id": ...}) in our three languages."""
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict):
        return {}
    out = {lang: convert(value.get(lang)) for lang in LANGUAGES}
    return {lang: v for lang, v in out.items() if v}


class _ListItems(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._depth += 1
            if self._depth == 1:
                self.items.append("")

    def handle_endtag(self, tag):
        if tag == "li" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.items[-1] += data


def list_items(markup: str) -> list[str]:
    parser = _ListItems()
    parser.feed(markup)
    return [" ".join(item.split()) for item in parser.items if item.strip()]


def requirements_from_html(value: Any) -> list[Text]:
    """Pre-2018 skill requirements are one HTML list per language; pair the items by position."""
    per_lang = text(value, safe_html)
    lists = {lang: list_items(markup) for lang, markup in per_lang.items()}
    finnish = lists.get("fi", [])
    out = []
    for i, item in enumerate(finnish):
        entry = {"fi": item}
        for lang in ("sv", "en"):
            other = lists.get(lang, [])
            if len(other) == len(finnish):
                entry[lang] = other[i]
        out.append(entry)
    return out


def _requirements(raw: dict, skipped: list[str], label: str) -> list[Text]:
    found: list[Text] = []
    reform = raw.get("ammattitaitovaatimukset2019")
    if isinstance(reform, dict):
        items = list(reform.get("vaatimukset") or [])
        for area in reform.get("kohdealueet") or []:
            items += (area or {}).get("vaatimukset") or []
        found += [text((i or {}).get("vaatimus")) for i in items]
    for area in raw.get("ammattitaitovaatimuksetLista") or []:
        for item in (area or {}).get("vaatimukset") or []:
            found.append(text((item or {}).get("selite") or (item or {}).get("otsikko")))
            found += [text(c.get("selite")) for c in (item or {}).get("kriteerit") or []]
    if not found:
        found = requirements_from_html(raw.get("ammattitaitovaatimukset"))
    valma = raw.get("valmaTelmaSisalto") or {}
    for goal in valma.get("osaamistavoite") or []:
        found += [text(t) for t in (goal or {}).get("tavoitteet") or []]
    tuva_goals = raw.get("tavoitteet") if raw.get("osanTyyppi") == "koulutuksenosa" else None
    found += [text(t) for t in tuva_goals or [] if isinstance(t, dict)]
    for _area, goal in _subject_goals(raw):  # common units (YTO): per subject area
        found += requirements_from_html(goal.get("tavoitteet"))
    usable = [r for r in found if r.get("fi")]
    if len(usable) < len(found):
        skipped.append(
            _(
                "%(unit)s: %(n)d skill requirement(s) without Finnish text",
                unit=label,
                n=len(found) - len(usable),
            )
        )
    return usable


def _target(area: Text, raw: dict, skipped: list[str], label: str) -> Target | None:
    title = text(raw.get("otsikko")) or text(raw.get("selite")) or area
    scale = str(raw.get("_arviointiAsteikko") or "") or None
    if scale is not None and scale not in SCALE_LEVELS:
        skipped.append(_("%(unit)s: unknown assessment scale %(scale)s", unit=label, scale=scale))
        scale = None
    criteria: dict[str, list[Text]] = {}
    for level in raw.get("osaamistasonKriteerit") or []:
        level_id = str((level or {}).get("_osaamistaso") or "")
        allowed = SCALE_LEVELS.get(scale or "", ())
        if allowed and level_id not in allowed:
            skipped.append(
                _(
                    "%(unit)s: level %(level)s is not on scale %(scale)s",
                    unit=label,
                    level=level_id,
                    scale=scale,
                )
            )
            continue
        items = [text(k) for k in (level or {}).get("kriteerit") or []]
        criteria[level_id] = [k for k in items if k.get("fi")]
    if not title:
        skipped.append(_("%(unit)s: an assessment target without a title", unit=label))
        return None
    return Target(area=area, title=title, scale=scale, criteria=criteria)


def _subject_goals(raw: dict):
    """The competence goals of a common unit's subject areas (osa-alueet), with the area name."""
    for area in raw.get("osaAlueet") or []:
        if not isinstance(area, dict):
            continue
        for goal in area.get("osaamistavoitteet") or []:
            if isinstance(goal, dict):
                yield text(area.get("nimi")), goal


def _assessment_targets(assessment: Any, skipped: list[str], label: str, prefix: Text):
    for area_raw in (assessment or {}).get("arvioinninKohdealueet") or []:
        area = text((area_raw or {}).get("otsikko"))
        if prefix:
            area = {
                lang: ": ".join(filter(None, (prefix.get(lang), area.get(lang)))) for lang in prefix
            }
        for target_raw in (area_raw or {}).get("arvioinninKohteet") or []:
            if not isinstance(target_raw, dict):
                skipped.append(
                    _("%(unit)s: an assessment target that is not an object", unit=label)
                )
                continue
            target = _target(area, target_raw, skipped, label)
            if target:
                yield target


def _targets(raw: dict, skipped: list[str], label: str) -> list[Target]:
    targets = list(_assessment_targets(raw.get("arviointi"), skipped, label, {}))
    for area, goal in _subject_goals(raw):
        targets += _assessment_targets(goal.get("arviointi"), skipped, label, area)
    valma = (raw.get("valmaTelmaSisalto") or {}).get("osaamisenarviointi") or {}
    if valma.get("tavoitteet"):
        targets.append(
            Target(
                area={},
                title=text(valma.get("kohde")) or {"fi": "Osaamisen arviointi"},
                scale="1",
                criteria={"1": [t for t in map(text, valma["tavoitteet"]) if t.get("fi")]},
            )
        )
    return targets


def _unit_scale(targets: list[Target], raw: dict) -> str | None:
    scales = [t.scale for t in targets if t.scale]
    if scales:
        return max(set(scales), key=scales.count)
    generic = raw.get("geneerinenArviointiasteikko") or {}
    scale = str(generic.get("_arviointiAsteikko") or "")
    return scale if scale in SCALE_LEVELS else None


def parse_unit(raw: Any, skipped: list[str]) -> Unit | None:
    """One qualification unit (tutkinnon osa) or a preparatory-education part (koulutuksen osa)."""
    if not isinstance(raw, dict):
        skipped.append(_("An entry that is not a unit was skipped."))
        return None
    code_info = raw.get("koodi") or raw.get("nimiKoodi") or {}
    code = str(raw.get("koodiUri") or code_info.get("uri") or "").strip()
    source_id = str(raw.get("id") or "")
    name = text(raw.get("nimi")) or text(code_info.get("nimi"))
    label = code or source_id or "?"
    if not code:
        code = f"eperusteet_{source_id}" if source_id else ""
    if not code or not name.get("fi"):
        skipped.append(_("%(unit)s: a unit without a code or a Finnish name", unit=label))
        return None
    targets = _targets(raw, skipped, label)
    scale = _unit_scale(targets, raw)
    if raw.get("osanTyyppi") == "koulutuksenosa" and scale is None:
        scale = "1"  # preparatory-education parts are passed or not (hyväksytty/hylätty)
    if not targets:
        skipped.append(_("%(unit)s: no assessment criteria", unit=label))
    if scale is None:
        skipped.append(_("%(unit)s: no usable assessment scale; pass/fail is used", unit=label))
        scale = "1"
    for target in targets:
        target.scale = target.scale or scale
    description = text(raw.get("kuvaus"), safe_html)
    for extra in ("keskeinenSisalto", "arvioinninKuvaus"):
        for lang, value in text(raw.get(extra), safe_html).items():
            description[lang] = (description.get(lang, "") + value).strip()
    return Unit(
        code=code[:80],
        source_id=source_id,
        name=name,
        kind=str(raw.get("tyyppi") or raw.get("koulutusOsanTyyppi") or "normaali")[:30],
        scale=scale,
        description=description,
        demonstration=text(raw.get("ammattitaidonOsoittamistavat"), safe_html),
        requirements=_requirements(raw, skipped, label),
        targets=targets,
    )


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
