"""Choosing skill requirements for a step among thousands: a search field and a page of
results inside the step form, so it works without JavaScript. Searching posts the form back
without saving (nothing typed is lost); the chosen requirements stay chosen across searches."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import get_locale
from wtforms import SelectChoice

from plugins.onboarding.forms import StepForm
from portal.api import collect, localized

#: Results per page; pages beyond ``MAX_PAGE`` are not offered (refine the search instead).
PAGE = 20
MAX_PAGE = 50


@dataclass(frozen=True)
class SkillSearch:
    query: str
    page: int
    has_more: bool


def searching() -> bool:
    """The form was posted to search or page the requirements, not to be saved."""
    return request.method == "POST" and (
        "skill_search" in request.form or "skill_page" in request.form
    )


def _page() -> int:
    try:
        return max(1, min(int(request.form.get("skill_page", "1")), MAX_PAGE))
    except ValueError:
        return 1


def offer(form: StepForm, stored: list[str]) -> SkillSearch:
    """Set the choices of ``form.skill_requirements``: those chosen (stored in the step or
    ticked in the posted form, if a plugin still knows them) first, then a page of results
    for the search. Two calls of the hook whatever the number of requirements."""
    query = (form.skill_q.data or "").strip()[:100]
    page = _page()
    locale = str(get_locale())
    found = collect("portal_skill_requirements", text=query, limit=page * PAGE + 1)
    window = found[(page - 1) * PAGE : page * PAGE]
    labels = {ref.ref: localized(ref.label, locale) for ref in window}
    ticked = [r for r in form.skill_requirements.data or [] if isinstance(r, str)][:100]
    chosen = list(dict.fromkeys([*stored, *ticked]))
    unknown = [r for r in chosen if r not in labels]
    if unknown:
        # A search by references gives their labels (see portal_skill_requirements).
        for ref in collect("portal_skill_requirements", text=" ".join(unknown), limit=len(unknown)):
            labels.setdefault(ref.ref, localized(ref.label, locale))
    kept = [r for r in chosen if r in labels or r in stored]
    form.skill_requirements.choices = [SelectChoice(r, labels.get(r, r)) for r in kept] + [
        SelectChoice(ref.ref, labels[ref.ref]) for ref in window if ref.ref not in kept
    ]
    return SkillSearch(query=query, page=page, has_more=len(found) > page * PAGE)
