"""Sharing a company's agreed model with others: offered without the names of the company and
its people, approved or rejected by the project manager, then offered as a template."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from sqlalchemy import select

from plugins.onboarding import content as c
from plugins.onboarding import services
from plugins.onboarding.i18n import _l
from plugins.onboarding.models import OnboardingModel, OnboardingSharedTemplate
from portal.api import Company, Role, RuleError, User, audit, clock, db


def _names_to_remove(model: OnboardingModel) -> list[str]:
    company = db.session.get(Company, model.company_id)
    people = db.session.scalars(
        select(User.name).where((User.company_id == model.company_id) | (User.role == Role.COACH))
    )
    names = [company.name, *people]
    parts = [p for name in names for p in name.split() if len(p) > 2 and p[0].isupper()]
    return sorted({*names, *parts}, key=len, reverse=True)


def _cleaner(model: OnboardingModel) -> Callable[[str], str]:
    """A function that blanks out the company's name and its people's and coaches' names."""
    pattern = re.compile("|".join(re.escape(n) for n in _names_to_remove(model)))
    return lambda text: pattern.sub("…", text)


def anonymised(model: OnboardingModel, content: c.Content) -> c.Content:
    clean = _cleaner(model)
    result = copy.deepcopy(content)
    for step in result.get("steps", []):
        step["title"] = clean(step["title"])
        step["description"] = clean(step.get("description", ""))
        step["task_analysis"] = [clean(p) for p in step.get("task_analysis", [])]
    for item in result.get("fading_plan", []):
        item["text"] = clean(item["text"])
    return result


def offer(model: OnboardingModel, actor: User) -> OnboardingSharedTemplate:
    """Offer the company's agreed model, without names, for the project manager to approve as
    a template for others."""
    version = services.latest_agreed(model.company_id)
    if version is None:
        raise RuleError(_l("Only an agreed model can be shared."))
    company = db.session.get(Company, model.company_id)
    shared = OnboardingSharedTemplate(
        version_id=version.id,
        title=_cleaner(model)(model.title),
        industry=company.industry,
        content=anonymised(model, version.content),
        offered_by_id=actor.id,
    )
    db.session.add(shared)
    audit.record(
        "onboarding.share", actor=actor, object_type="onboarding_model", object_id=model.id
    )
    db.session.commit()
    return shared


def decide(shared: OnboardingSharedTemplate, approve: bool, actor: User) -> None:
    if shared.status != "pending":
        raise RuleError(_l("This offer has already been decided."))
    shared.status = "approved" if approve else "rejected"
    shared.decided_by_id, shared.decided_at = actor.id, clock.utcnow()
    audit.record(
        "onboarding.shared_decision",
        actor=actor,
        object_type="onboarding_shared",
        object_id=shared.id,
        purpose=shared.status,
    )
    db.session.commit()
