"""Reading a qualification unit (tutkinnon osa) or a preparatory-education part (koulutuksen
osa): its skill requirements and assessment targets, in any of the shapes the reforms left."""

from __future__ import annotations

from typing import Any

from plugins.recognition.eperusteet.parsed import Target, Unit
from plugins.recognition.eperusteet.texts import Text, requirements_from_html, safe_html, text
from plugins.recognition.i18n import _

#: ePerusteet's assessment scales and the competence-level ids each uses.
SCALE_LEVELS = {"1": ("1",), "2": ("2", "3", "4"), "3": ("5", "6", "7", "8", "9")}


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
