"""portal_skill_requirements: skill requirements other plugins may link to."""

from portal.api import SkillRequirementRef, hookimpl

REQUIREMENTS = (
    SkillRequirementRef(
        ref="worksafe:ppe",
        label={"fi": "Käyttää suojaimia oikein", "en": "Uses protective equipment correctly"},
    ),
    SkillRequirementRef(
        ref="worksafe:report",
        label={"fi": "Ilmoittaa vaaratilanteista", "en": "Reports near misses"},
    ),
)


@hookimpl
def portal_skill_requirements(text, limit):
    needle = text.strip().lower()
    found = [
        requirement
        for requirement in REQUIREMENTS
        if any(needle in label.lower() for label in requirement.label.values())
    ]
    return found[:limit]
