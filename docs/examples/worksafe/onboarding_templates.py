"""portal_onboarding_templates: an industry template for the onboarding plugin."""

from portal.api import OnboardingTemplate, TemplateStep, hookimpl


@hookimpl
def portal_onboarding_templates():
    return OnboardingTemplate(
        key="worksafe_warehouse",
        title={"fi": "Turvallinen aloitus varastossa", "en": "A safe start in a warehouse"},
        industry={"fi": "Varasto ja logistiikka", "en": "Warehouse and logistics"},
        steps=(
            TemplateStep(
                week=0,  # the first day
                responsible="supervisor",
                title={"fi": "Turvallisuuskierros", "en": "Safety walk"},
                description={
                    "fi": "Hätäpoistumistiet, ensiapu ja trukkiliikenne.",
                    "en": "Emergency exits, first aid and forklift traffic.",
                },
                task_analysis=(
                    {"fi": "Näytä hätäpoistumistiet", "en": "Show the emergency exits"},
                    {"fi": "Näytä ensiapukaappi", "en": "Show the first-aid cabinet"},
                ),
                skill_requirements=("worksafe:ppe",),
            ),
            TemplateStep(
                week=1,
                responsible="trainee",
                title={"fi": "Suojainten käyttö", "en": "Using protective equipment"},
                description={"fi": "Kengät, käsineet ja liivi.", "en": "Shoes, gloves, vest."},
            ),
        ),
        fading_plan=(
            (1, {"fi": "Valmentaja mukana joka päivä", "en": "The coach is there every day"}),
            (2, {"fi": "Valmentaja käy kahdesti", "en": "The coach visits twice"}),
        ),
        order=90,
    )
