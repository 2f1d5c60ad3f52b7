"""Contributes one good onboarding template, one malformed one, and skill requirements."""

from portal.api import OnboardingTemplate, SkillRequirementRef, TemplateStep, hookimpl


@hookimpl
def portal_onboarding_templates():
    good = OnboardingTemplate(
        key="bakery",
        title={"fi": "Leipomo", "en": "Bakery"},
        industry={"fi": "Leipomoala"},
        steps=(
            TemplateStep(
                0, "supervisor", {"fi": "Hygienia leipomossa"}, {"fi": "Käsienpesu ja hiusverkko"}
            ),
        ),
        fading_plan=((1, {"fi": "Valmentaja mukana kaksi päivää"}),),
    )
    broken = OnboardingTemplate(
        key="broken",
        title={"en": "No Finnish title"},
        industry={"fi": "x"},
        steps=(TemplateStep(0, "nobody", {"fi": "x"}, {"fi": "x"}),),
    )
    return [good, broken, "not a template"]


@hookimpl
def portal_skill_requirements(text, limit):
    refs = [
        SkillRequirementRef("tutkinnonosat_100054/1", {"fi": "Toimii hygieenisesti"}),
        SkillRequirementRef("tutkinnonosat_100054/2", {"fi": "Käsittelee raaka-aineita"}),
    ]
    return [r for r in refs if text.lower() in r.label["fi"].lower()][:limit]
