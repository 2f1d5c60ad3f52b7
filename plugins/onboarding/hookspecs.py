"""Hooks the onboarding plugin calls: other plugins offer it templates and skill requirements.

Found by the core through this module's name and declared before any plugin is registered. When
the onboarding plugin is switched off, nobody calls them and their implementations stay idle.
"""

from __future__ import annotations

from portal.api import OnboardingTemplate, SkillRequirementRef, hookspec, returns


@hookspec
@returns(OnboardingTemplate)
def portal_onboarding_templates() -> OnboardingTemplate | list[OnboardingTemplate] | None:
    """Return onboarding-model templates (``portal.api.OnboardingTemplate``).

    The onboarding plugin offers them when a company's model is started; a template with
    missing fields is skipped and logged.
    """


@hookspec
@returns(SkillRequirementRef)
def portal_skill_requirements(
    text: str, limit: int
) -> SkillRequirementRef | list[SkillRequirementRef] | None:
    """Return up to ``limit`` qualification skill requirements matching ``text`` (empty: any).

    Offered by a competence-recognition plugin so that the onboarding plugin can tag its steps
    with skill requirements without importing it.
    """
