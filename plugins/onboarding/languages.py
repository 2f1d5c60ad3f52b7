"""A model's steps and fading plan in other languages than the reference text.

The supervisor's (or the coach's) wording in the model's versions is the reference, written in
Finnish. Beside it each step and the fading plan may hold a version per language (an
``OnboardingTranslation``). A version written from reference text that has changed since
"needs checking"; a reader whose language has no version is told so and given the reference.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from plugins.onboarding import content as c
from plugins.onboarding.models import OnboardingTranslation
from portal.api import InLocale, db, language_name, translation_locales

#: The item key of the fading plan; steps are keyed ``s1``, ``s2``...
FADING = "fading"
REFERENCE = "fi"
WRITTEN, STALE, MISSING = "written", "stale", "missing"

Translations = dict[tuple[int, str, str], OnboardingTranslation]


def reference_of(content: c.Content, item_key: str) -> dict[str, Any] | None:
    """What a translation of ``item_key`` is written from, or None when there is no such item."""
    if item_key == FADING:
        return {"fading_plan": content.get("fading_plan", [])}
    step = next((s for s in content.get("steps", []) if s["key"] == item_key), None)
    if step is None:
        return None
    return {
        "title": step["title"],
        "description": step.get("description", ""),
        "task_analysis": step.get("task_analysis", []),
        "key_words": step.get("key_words", []),
    }


def digest(reference: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(reference, sort_keys=True).encode()).hexdigest()


def load(model_ids: Iterable[int]) -> Translations:
    """Every translation of these models, in one statement."""
    ids = sorted(set(model_ids))
    if not ids:
        return {}
    rows = db.session.scalars(
        select(OnboardingTranslation).where(OnboardingTranslation.model_id.in_(ids))
    )
    return {(t.model_id, t.item_key, t.locale): t for t in rows}


def status(translation: OnboardingTranslation | None, reference: dict[str, Any]) -> str:
    if translation is None:
        return MISSING
    return WRITTEN if translation.source_digest == digest(reference) else STALE


@dataclass(frozen=True)
class Coverage(InLocale):
    """One language of an item, for the editors' and the coach's pages."""

    locale: str
    status: str

    @property
    def name(self) -> str:
        return language_name(self.locale)


def coverage(
    translations: Translations, model_id: int, item_key: str, reference: dict[str, Any]
) -> list[Coverage]:
    """Every language a version may be written in, and whether it is (and up to date)."""
    return [
        Coverage(locale, status(translations.get((model_id, item_key, locale)), reference))
        for locale in translation_locales()
    ]


@dataclass(frozen=True)
class KeyWord:
    """A key word of a step: the reference word and, when written, the word in the reader's
    language."""

    reference: str
    translated: str


@dataclass(frozen=True)
class StepText(InLocale):
    """A step as a reader sees it: in their language, or the reference with ``missing`` set."""

    title: str
    description: str
    task_analysis: list[str]
    key_words: list[KeyWord]
    locale: str
    missing: bool
    stale: bool


def step_text(
    step: dict[str, Any], model_id: int, translations: Translations, locale: str
) -> StepText:
    """``step`` in ``locale``: its version in that language, else the reference text, saying so."""
    reference = reference_of({"steps": [step]}, step["key"]) or {}
    words = list(step.get("key_words", []))
    translation = None if locale == REFERENCE else translations.get((model_id, step["key"], locale))
    if translation is None:
        return StepText(
            step["title"],
            step.get("description", ""),
            list(step.get("task_analysis", [])),
            [KeyWord(word, "") for word in words],
            REFERENCE,
            locale != REFERENCE,
            False,
        )
    translated = list(translation.key_words) + [""] * len(words)
    return StepText(
        translation.title,
        translation.description,
        list(translation.task_analysis),
        [KeyWord(word, translated[n]) for n, word in enumerate(words)],
        locale,
        False,
        status(translation, reference) == STALE,
    )
