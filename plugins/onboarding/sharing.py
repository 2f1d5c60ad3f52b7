"""Sharing a company's agreed model with others: offered without the names of the company and
its people, approved or rejected by the project manager, then offered as a template."""

from __future__ import annotations

import copy
from collections.abc import Callable

from sqlalchemy import select

from plugins.onboarding import content as c
from plugins.onboarding import services
from plugins.onboarding.anonymise import cleaner
from plugins.onboarding.i18n import _l
from plugins.onboarding.models import OnboardingModel, OnboardingSharedTemplate, OnboardingVersion
from portal.api import Client, Company, Placement, Role, RuleError, User, audit, clock, db


def _people(model: OnboardingModel) -> list[str]:
    """The company's name and the names of everyone involved: its staff and supervisors, the
    trainees it has had, and the coaches."""
    company = db.session.get(Company, model.company_id)
    staff = select(User.name).where(
        (User.company_id == model.company_id) | (User.role == Role.COACH)
    )
    trainees = (
        select(Client.first_name, Client.last_name)
        .join(Placement, Placement.client_id == Client.id)
        .where(Placement.company_id == model.company_id)
    )
    names = [company.name, *db.session.scalars(staff)]
    for first, last in db.session.execute(trainees):
        names.extend((first, last, f"{first} {last}"))
    return names


def _cleaner(model: OnboardingModel) -> Callable[[str], str]:
    """Blanks out names (inflected too), phone numbers and emails."""
    return cleaner(_people(model))


def anonymised(model: OnboardingModel, content: c.Content) -> c.Content:
    clean = _cleaner(model)
    result = copy.deepcopy(content)
    for step in result.get("steps", []):
        step["title"] = clean(step["title"])
        step["description"] = clean(step.get("description", ""))
        step["task_analysis"] = [clean(p) for p in step.get("task_analysis", [])]
        if "key_words" in step:
            step["key_words"] = [clean(w) for w in step["key_words"]]
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


def changes(offers: list[OnboardingSharedTemplate]) -> dict[int, list[tuple[str, str]]]:
    """For each offer, what anonymising changed in the agreed version: the diff the approver
    reads before the copy is shared (one query for all offers)."""
    ids = {o.version_id for o in offers}
    versions = {
        v.id: v
        for v in db.session.scalars(select(OnboardingVersion).where(OnboardingVersion.id.in_(ids)))
    }
    return {
        o.id: [row for row in c.diff(versions[o.version_id].content, o.content) if row[0] != " "]
        for o in offers
        if o.version_id in versions
    }


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
