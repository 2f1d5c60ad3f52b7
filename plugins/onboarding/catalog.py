"""Onboarding templates: the plugin's own industry templates, approved shared models, and
whatever other plugins contribute through ``portal_onboarding_templates``."""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from portal.api import OnboardingTemplate, TemplateStep, collect

log = logging.getLogger(__name__)
DATA = Path(__file__).parent / "data"
RESPONSIBLE = ("supervisor", "coach", "trainee")


def _step(raw: dict[str, Any]) -> TemplateStep:
    return TemplateStep(
        week=int(raw["week"]),
        responsible=raw["responsible"],
        title=raw["title"],
        description=raw["description"],
        task_analysis=tuple(raw.get("task_analysis", ())),
        skill_requirements=tuple(raw.get("skill_requirements", ())),
    )


def template_from_dict(raw: dict[str, Any]) -> OnboardingTemplate:
    return OnboardingTemplate(
        key=raw["key"],
        title=raw["title"],
        industry=raw["industry"],
        steps=tuple(_step(s) for s in raw["steps"]),
        fading_plan=tuple((int(week), text) for week, text in raw.get("fading_plan", ())),
        order=int(raw.get("order", 100)),
    )


@cache
def builtin_templates() -> tuple[OnboardingTemplate, ...]:
    files = sorted(DATA.glob("*.json"))
    return tuple(template_from_dict(json.loads(f.read_text(encoding="utf-8"))) for f in files)


def problem(template: Any) -> str | None:
    """Why a contributed template cannot be used, or None when it is fine."""
    if not isinstance(template, OnboardingTemplate):
        return "not an OnboardingTemplate"
    if not template.key or not _has_finnish(template.title) or not template.steps:
        return "missing key, Finnish title or steps"
    for step in template.steps:
        if not isinstance(step, TemplateStep) or step.responsible not in RESPONSIBLE:
            return "a step has no valid responsible party"
        if not isinstance(step.week, int) or step.week < 0 or not _has_finnish(step.title):
            return "a step has no valid week or Finnish title"
    return None


def _has_finnish(text: Any) -> bool:
    return (isinstance(text, dict) and bool(str(text.get("fi", "")).strip())) or (
        isinstance(text, str) and bool(text.strip())
    )


def all_templates() -> dict[str, OnboardingTemplate]:
    """Every usable template by key; malformed ones are logged and skipped."""
    templates: dict[str, OnboardingTemplate] = {}
    for template in collect("portal_onboarding_templates"):
        reason = problem(template)
        if reason:
            log.warning(
                "Onboarding template %r skipped: %s", getattr(template, "key", template), reason
            )
            continue
        templates.setdefault(template.key, template)
    return templates
