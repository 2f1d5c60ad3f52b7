"""The content of a model version: steps and the coach's fading plan, in one language.

Stored as JSON::

    {"steps": [{"key": "s1", "week": 0, "responsible": "supervisor", "title": "...",
                "description": "...", "task_analysis": ["..."], "skill_requirements": []}],
     "fading_plan": [{"week": 1, "text": "..."}]}
"""

from __future__ import annotations

import difflib
from datetime import date, timedelta
from typing import Any

from portal.api import OnboardingTemplate, localized

Content = dict[str, Any]


def empty() -> Content:
    return {"steps": [], "fading_plan": []}


def from_template(template: OnboardingTemplate, locale: str) -> Content:
    """A company's first version, in the creator's language."""
    steps = [
        {
            "key": f"s{n}",
            "week": step.week,
            "responsible": step.responsible,
            "title": localized(step.title, locale),
            "description": localized(step.description, locale),
            "task_analysis": [localized(part, locale) for part in step.task_analysis],
            "skill_requirements": list(step.skill_requirements),
        }
        for n, step in enumerate(template.steps, start=1)
    ]
    fading = [
        {"week": week, "text": localized(text, locale)} for week, text in template.fading_plan
    ]
    return {"steps": steps, "fading_plan": fading}


def sorted_steps(content: Content) -> list[dict[str, Any]]:
    return sorted(content.get("steps", []), key=lambda s: (s["week"], s["key"]))


def next_key(content: Content) -> str:
    numbers = [int(s["key"][1:]) for s in content.get("steps", []) if s["key"][1:].isdigit()]
    return f"s{max(numbers, default=0) + 1}"


def due_date(start: date, week: int) -> date:
    """Week 0 is the first day; week n is due at the end of the placement's n-th week."""
    return start if week == 0 else start + timedelta(days=7 * week - 1)


def fading_as_text(content: Content) -> str:
    """The fading plan as the coach edits it: one line a week, "week: text"."""
    return "\n".join(f"{i['week']}: {i['text']}" for i in content.get("fading_plan", []))


def fading_from_text(text: str) -> list[dict[str, Any]] | None:
    """The fading plan from lines of "week: text", by week; None when a line is not like that."""
    plan = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        week, _sep, rest = line.partition(":")
        if not week.strip().isdigit() or not rest.strip():
            return None
        plan.append({"week": int(week), "text": rest.strip()})
    return sorted(plan, key=lambda item: item["week"])


def as_lines(content: Content) -> list[str]:
    """A readable, line-per-fact rendering used for diffs between versions."""
    lines = []
    for step in sorted_steps(content):
        lines.append(f"[{step['week']}] {step['title']} ({step['responsible']})")
        if step.get("description"):
            lines.append(f"    {step['description']}")
        lines.extend(f"    - {part}" for part in step.get("task_analysis", []))
    lines.extend(
        f"fading [{item['week']}] {item['text']}" for item in content.get("fading_plan", [])
    )
    return lines


def diff(old: Content, new: Content) -> list[tuple[str, str]]:
    """(sign, line) pairs: "+" added, "-" removed, " " unchanged context."""
    rows = []
    for line in difflib.unified_diff(as_lines(old), as_lines(new), lineterm="", n=1):
        if line.startswith(("---", "+++", "@@")):
            continue
        rows.append((line[0], line[1:]))
    return rows
