"""Reading a qualification unit (tutkinnon osa) or a preparatory-education part (koulutuksen
osa): its skill requirements and assessment targets, in any of the shapes the reforms left.
Texts are kept in whichever of fi, sv and en they come."""

from __future__ import annotations

import re
from typing import Any

from plugins.recognition.eperusteet.limits import Notes, as_dict, as_list
from plugins.recognition.eperusteet.parsed import ImportRefused, Target, Unit
from plugins.recognition.eperusteet.texts import Text, requirements_from_html, safe_html, text
from plugins.recognition.i18n import _

#: ePerusteet's assessment scales and the competence-level ids each uses.
SCALE_LEVELS = {"1": ("1",), "2": ("2", "3", "4"), "3": ("5", "6", "7", "8", "9")}
ALL_LEVELS = {level for levels in SCALE_LEVELS.values() for level in levels}
#: A koodisto URI such as ``tutkinnonosat_101053``: it names the unit in links and references.
CODE_URI = re.compile(r"[a-z][a-z0-9]{0,60}_[A-Za-z0-9]{1,18}")


def _requirements(raw: dict, notes: Notes, label: str) -> tuple[list[Text], Text]:
    found: list[Text] = []
    note: Text = {}
    reform = raw.get("ammattitaitovaatimukset2019")
    if isinstance(reform, dict):
        items = list(as_list(reform.get("vaatimukset"), notes, label))
        for area in as_list(reform.get("kohdealueet"), notes, label):
            items += as_list(as_dict(area).get("vaatimukset"), notes, label)
        found += [text(as_dict(i).get("vaatimus")) for i in items]
    for area in as_list(raw.get("ammattitaitovaatimuksetLista"), notes, label):
        for item in as_list(as_dict(area).get("vaatimukset"), notes, label):
            item = as_dict(item)
            found.append(text(item.get("selite") or item.get("otsikko")))
            found += [
                text(as_dict(c).get("selite")) for c in as_list(item.get("kriteerit"), notes, label)
            ]
    if not found:
        found, note = _from_html(raw.get("ammattitaitovaatimukset"), notes, label)
    valma = as_dict(raw.get("valmaTelmaSisalto"))
    for goal in as_list(valma.get("osaamistavoite"), notes, label):
        found += [text(t) for t in as_list(as_dict(goal).get("tavoitteet"), notes, label)]
    if raw.get("osanTyyppi") == "koulutuksenosa":
        found += [text(t) for t in as_list(raw.get("tavoitteet"), notes, label)]
    for _area, goal in _subject_goals(raw, notes, label):  # common units (YTO)
        more, _paragraphs = _from_html(goal.get("tavoitteet"), notes, label)
        found += more
    usable = [r for r in found if r]
    if len(usable) < len(found):
        notes.append(
            _(
                "%(unit)s: %(n)d skill requirement(s) without text in any language",
                unit=label,
                n=len(found) - len(usable),
            )
        )
    return usable, note


def _from_html(value: Any, notes: Notes, label: str) -> tuple[list[Text], Text]:
    uneven: list[str] = []
    found, paragraphs = requirements_from_html(value, uneven)
    for lang in uneven:
        notes.append(
            _(
                "%(unit)s: the skill requirements in %(lang)s are listed differently from the "
                "other languages; kept as a paragraph",
                unit=label,
                lang=lang,
            )
        )
    return found, paragraphs


def _target(area: Text, raw: dict, notes: Notes, label: str) -> Target | None:
    title = text(raw.get("otsikko")) or text(raw.get("selite")) or area
    scale = raw.get("_arviointiAsteikko")
    scale = str(scale) if isinstance(scale, str | int) and not isinstance(scale, bool) else None
    if scale is not None and scale not in SCALE_LEVELS:
        notes.append(_("%(unit)s: unknown assessment scale %(scale)s", unit=label, scale=scale))
        scale = None
    criteria: dict[str, list[Text]] = {}
    for level in as_list(raw.get("osaamistasonKriteerit"), notes, label):
        level = as_dict(level)
        level_id = level.get("_osaamistaso")
        level_id = str(level_id) if isinstance(level_id, str | int) else ""
        allowed = SCALE_LEVELS.get(scale or "", ALL_LEVELS)
        if level_id not in allowed:
            notes.append(
                _(
                    "%(unit)s: level %(level)s is not on scale %(scale)s",
                    unit=label,
                    level=level_id[:20] or "?",
                    scale=scale or "?",
                )
            )
            continue
        items = [text(k) for k in as_list(level.get("kriteerit"), notes, label)]
        criteria.setdefault(level_id, []).extend(k for k in items if k)
    if not title:
        notes.append(_("%(unit)s: an assessment target without a title", unit=label))
        return None
    return Target(area=area, title=title, scale=scale, criteria=criteria)


def _subject_goals(raw: dict, notes: Notes, label: str):
    """The competence goals of a common unit's subject areas (osa-alueet), with the area name."""
    for area in as_list(raw.get("osaAlueet"), notes, label):
        if not isinstance(area, dict):
            continue
        for goal in as_list(area.get("osaamistavoitteet"), notes, label):
            if isinstance(goal, dict):
                yield text(area.get("nimi")), goal


def _assessment_targets(assessment: Any, notes: Notes, label: str, prefix: Text):
    if assessment is not None and not isinstance(assessment, dict):
        notes.append(_("%(unit)s: the assessment is not an object; skipped", unit=label))
        return
    for area_raw in as_list(as_dict(assessment).get("arvioinninKohdealueet"), notes, label):
        area_raw = as_dict(area_raw)
        area = text(area_raw.get("otsikko"))
        if prefix:
            area = {
                lang: ": ".join(filter(None, (prefix.get(lang), area.get(lang)))) for lang in prefix
            }
        for target_raw in as_list(area_raw.get("arvioinninKohteet"), notes, label):
            notes.tick()
            if not isinstance(target_raw, dict):
                notes.append(_("%(unit)s: an assessment target that is not an object", unit=label))
                continue
            target = _target(area, target_raw, notes, label)
            if target:
                yield target


def _targets(raw: dict, notes: Notes, label: str) -> tuple[list[Target], Text]:
    assessment = raw.get("arviointi")
    targets = list(_assessment_targets(assessment, notes, label, {}))
    assessment_notes = text(as_dict(assessment).get("lisatiedot"), safe_html)
    for area, goal in _subject_goals(raw, notes, label):
        targets += _assessment_targets(goal.get("arviointi"), notes, label, area)
    valma = as_dict(as_dict(raw.get("valmaTelmaSisalto")).get("osaamisenarviointi"))
    goals = [t for t in map(text, as_list(valma.get("tavoitteet"), notes, label)) if t]
    if goals:
        targets.append(
            Target(
                area={},
                title=text(valma.get("kohde")) or {"fi": "Osaamisen arviointi"},
                scale="1",
                criteria={"1": goals},
            )
        )
    return targets, assessment_notes


def _unit_scale(targets: list[Target], raw: dict) -> str | None:
    scales = [t.scale for t in targets if t.scale]
    if scales:
        return max(sorted(set(scales)), key=scales.count)
    generic = as_dict(raw.get("geneerinenArviointiasteikko")).get("_arviointiAsteikko")
    scale = str(generic) if isinstance(generic, str | int) else ""
    return scale if scale in SCALE_LEVELS else None


def _code(raw: dict, source_id: str, notes: Notes) -> str:
    """The unit's koodisto URI; a code that is not one is replaced by ``eperusteet_<id>``."""
    info = raw.get("koodi") or raw.get("nimiKoodi")
    candidates = [raw.get("koodiUri"), info.get("uri") if isinstance(info, dict) else info]
    given = next((c.strip() for c in candidates if isinstance(c, str) and c.strip()), "")
    if given and CODE_URI.fullmatch(given):
        return given
    fallback = f"eperusteet_{source_id}" if source_id else ""
    if given:
        notes.append(
            _(
                "%(code)s: the unit code is not a code URI; %(used)s is used",
                code=given[:80],
                used=fallback or "-",
            )
        )
    return fallback


def parse_unit(raw: Any, notes: Notes) -> Unit | None:
    """One qualification unit (tutkinnon osa) or a preparatory-education part (koulutuksen osa).
    A unit whose data has a shape nothing here expects is skipped with the reason noted."""
    if not isinstance(raw, dict):
        notes.append(_("An entry that is not a unit was skipped."))
        return None
    notes.tick()
    source = raw.get("id")
    source_id = str(source)[:40] if isinstance(source, str | int) else ""
    try:
        return _parse_unit(raw, source_id, notes)
    except ImportRefused:
        raise
    except (AttributeError, TypeError, ValueError, KeyError) as error:
        notes.append(
            _(
                "%(unit)s: the unit's data is malformed (%(error)s); skipped",
                unit=source_id or "?",
                error=type(error).__name__,
            )
        )
        return None


def _parse_unit(raw: dict, source_id: str, notes: Notes) -> Unit | None:
    code = _code(raw, source_id, notes)
    info = as_dict(raw.get("koodi") or raw.get("nimiKoodi"))
    name = text(raw.get("nimi")) or text(info.get("nimi"))
    label = code or source_id or "?"
    if not code or not name:
        notes.append(_("%(unit)s: a unit without a code or a name", unit=label))
        return None
    targets, assessment_notes = _targets(raw, notes, label)
    scale = _unit_scale(targets, raw)
    if raw.get("osanTyyppi") == "koulutuksenosa" and scale is None:
        scale = "1"  # preparatory-education parts are passed or not (hyväksytty/hylätty)
    if not targets:
        notes.append(_("%(unit)s: no assessment criteria", unit=label))
    if scale is None:
        notes.append(_("%(unit)s: no usable assessment scale; pass/fail is used", unit=label))
        scale = "1"
    for target in targets:
        target.scale = target.scale or scale
    description = text(raw.get("kuvaus"), safe_html)
    for extra in ("keskeinenSisalto", "arvioinninKuvaus"):
        for lang, value in text(raw.get(extra), safe_html).items():
            description[lang] = (description.get(lang, "") + value).strip()
    requirements, requirements_note = _requirements(raw, notes, label)
    kind = raw.get("tyyppi") or raw.get("koulutusOsanTyyppi") or "normaali"
    return Unit(
        code=code[:80],
        source_id=source_id,
        name=name,
        kind=str(kind)[:30] if isinstance(kind, str) else "normaali",
        scale=scale,
        description=description,
        demonstration=text(raw.get("ammattitaidonOsoittamistavat"), safe_html),
        requirements=requirements,
        targets=targets,
        requirements_note=requirements_note,
        assessment_notes=assessment_notes,
    )
