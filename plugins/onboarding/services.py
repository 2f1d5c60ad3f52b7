"""What users do with onboarding models: create, edit as versions, sign off and follow them.

A refusal raises ``RuleError`` before anything is written; what is allowed is audited and
committed here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from plugins.onboarding import content as c
from plugins.onboarding.catalog import all_templates
from plugins.onboarding.i18n import _l
from plugins.onboarding.models import (
    OnboardingModel,
    OnboardingProgress,
    OnboardingStepMark,
    OnboardingVersion,
)
from portal.api import (
    Client,
    Company,
    Placement,
    Role,
    RuleError,
    User,
    audit,
    clock,
    coach_company_ids,
    db,
    link_to,
    notify,
)

STALE = _l(
    "The model has changed since you opened it. Nothing was saved: look at the newest "
    "version and try again."
)


def latest_version(model: OnboardingModel) -> OnboardingVersion:
    return db.session.scalar(
        select(OnboardingVersion)
        .where(OnboardingVersion.model_id == model.id)
        .order_by(OnboardingVersion.number.desc())
        .limit(1)
    )


def unsigned_by_employer(company_id: int) -> OnboardingModel | None:
    """The company's model when its latest version waits for the employer's sign-off."""
    row = db.session.execute(
        select(OnboardingModel, OnboardingVersion.employer_signed_at)
        .join(OnboardingVersion, OnboardingVersion.model_id == OnboardingModel.id)
        .where(OnboardingModel.company_id == company_id)
        .order_by(OnboardingVersion.number.desc())
        .limit(1)
    ).first()
    return row[0] if row is not None and row[1] is None else None


def latest_agreed(company_id: int) -> OnboardingVersion | None:
    return db.session.scalar(
        select(OnboardingVersion)
        .join(OnboardingModel)
        .where(
            OnboardingModel.company_id == company_id,
            OnboardingVersion.coach_signed_at.is_not(None),
            OnboardingVersion.employer_signed_at.is_not(None),
        )
        .order_by(OnboardingVersion.number.desc())
        .limit(1)
    )


def create_model(
    company: Company, template_key: str, actor: User, locale: str, title: str
) -> OnboardingModel:
    if db.session.scalar(
        select(OnboardingModel.id).where(OnboardingModel.company_id == company.id)
    ):
        raise RuleError(_l("The company already has an onboarding model."))
    if template_key:
        template = all_templates().get(template_key)
        if template is None:
            raise RuleError(_l("Choose one of the templates."), field="template")
        content = c.from_template(template, locale)
    else:
        content = c.empty()
    model = OnboardingModel(
        company_id=company.id,
        title=title.strip(),
        template_key=template_key,
        created_by_id=actor.id,
    )
    db.session.add(model)
    db.session.flush()
    db.session.add(
        OnboardingVersion(
            model_id=model.id,
            number=1,
            content=content,
            change=str(_l("Created")),
            author_id=actor.id,
        )
    )
    audit.record(
        "onboarding.create", actor=actor, object_type="onboarding_model", object_id=model.id
    )
    db.session.commit()
    return model


def _number(base: str) -> int:
    """The version number a form was based on; one that is not a number is out of date."""
    try:
        return int(base)
    except (TypeError, ValueError):
        raise RuleError(STALE) from None


def edit(
    model: OnboardingModel,
    base: str,
    change: str,
    apply: Callable[[c.Content], None],
    actor: User,
) -> OnboardingVersion:
    """Every edit becomes a new version: ``apply`` changes a copy of the newest version's
    content. An edit based on an older version than the newest is refused."""
    current = latest_version(model)
    if current.number != _number(base):
        raise RuleError(STALE)
    new_content = copy.deepcopy(current.content)
    apply(new_content)
    version = OnboardingVersion(
        model_id=model.id,
        number=current.number + 1,
        content=new_content,
        change=change,
        author_id=actor.id,
    )
    db.session.add(version)
    audit.record(
        "onboarding.edit",
        actor=actor,
        object_type="onboarding_model",
        object_id=model.id,
        purpose=change[:300],
    )
    try:
        db.session.commit()
    except IntegrityError:  # someone saved the same version number a moment earlier
        db.session.rollback()
        raise RuleError(STALE) from None
    return version


def _works_with(coach: User, company_id: int) -> bool:
    ids = coach_company_ids(coach).subquery()
    return db.session.scalar(select(ids.c[0]).where(ids.c[0] == company_id)) is not None


def _ask_employers_to_sign(model: OnboardingModel) -> None:
    """The company's employer users hear that a version waits for their signature."""
    employers = db.session.scalars(
        select(User).where(User.company_id == model.company_id, User.role == Role.EMPLOYER)
    ).all()
    notify(employers, "model_to_sign", link=link_to("onboarding.model", model_id=model.id))


def sign(model: OnboardingModel, base: str, actor: User) -> OnboardingVersion:
    """A coach or an employer of the company signs off the version they looked at."""
    current = latest_version(model)
    number = _number(base)
    if current.number != number:
        raise RuleError(STALE)
    now = clock.utcnow()
    if actor.role == Role.COACH and _works_with(actor, model.company_id):
        current.coach_signed_by_id, current.coach_signed_at = actor.id, now
        if current.employer_signed_at is None:
            _ask_employers_to_sign(model)
    elif actor.role == Role.EMPLOYER and actor.company_id == model.company_id:
        current.employer_signed_by_id, current.employer_signed_at = actor.id, now
    else:
        raise RuleError(_l("Only a coach and an employer of the company sign off a model."))
    audit.record(
        "onboarding.sign",
        actor=actor,
        object_type="onboarding_model",
        object_id=model.id,
        purpose=f"version {number}",
    )
    db.session.commit()
    if current.agreed:
        attach_to_running_placements(model.company_id, current)
    return current


def attach(placement: Placement, version: OnboardingVersion | None = None) -> None:
    """Fix the version a placement follows (the company's newest agreed one)."""
    version = version or latest_agreed(placement.company_id)
    if version is None:
        return
    exists = db.session.scalar(
        select(OnboardingProgress.id).where(OnboardingProgress.placement_id == placement.id)
    )
    if exists is None:
        db.session.add(OnboardingProgress(placement_id=placement.id, version_id=version.id))
        db.session.commit()


def attach_to_running_placements(company_id: int, version: OnboardingVersion) -> None:
    """Placements that started before the model was agreed follow it from now on."""
    today = clock.today()
    with_progress = select(OnboardingProgress.placement_id)
    placements = db.session.scalars(
        select(Placement).where(
            Placement.company_id == company_id,
            Placement.ended_on.is_(None),
            Placement.end_date >= today,
            Placement.id.not_in(with_progress),
        )
    )
    for placement in placements:
        db.session.add(OnboardingProgress(placement_id=placement.id, version_id=version.id))
    db.session.commit()


@dataclass
class Behind:
    client: Client
    placement: Placement
    progress: OnboardingProgress
    overdue: list[dict]
    done: int
    total: int


def behind_schedule(client_ids: Select, today: date | None = None) -> list[Behind]:
    """Running placements with overdue steps, for the clients ``client_ids`` selects.

    Two statements whatever the number of placements: progress with placement, client and
    version; then the marks of those progresses.
    """
    today = today or clock.today()
    rows = db.session.execute(
        select(OnboardingProgress, Placement, Client, OnboardingVersion)
        .join(Placement, Placement.id == OnboardingProgress.placement_id)
        .join(Client, Client.id == Placement.client_id)
        .join(OnboardingVersion, OnboardingVersion.id == OnboardingProgress.version_id)
        .where(
            Placement.client_id.in_(client_ids),
            Placement.ended_on.is_(None),
            Placement.end_date >= today,
            Placement.start_date <= today,
        )
    ).all()
    marks: dict[int, set[str]] = {}
    for progress_id, key in db.session.execute(
        select(OnboardingStepMark.progress_id, OnboardingStepMark.step_key).where(
            OnboardingStepMark.progress_id.in_([r[0].id for r in rows])
        )
    ):
        marks.setdefault(progress_id, set()).add(key)
    result = []
    for progress, placement, client, version in rows:
        done = marks.get(progress.id, set())
        steps = version.content.get("steps", [])
        overdue = [
            s
            for s in steps
            if s["key"] not in done and c.due_date(placement.start_date, s["week"]) < today
        ]
        if overdue:
            result.append(Behind(client, placement, progress, overdue, len(done), len(steps)))
    return result


@dataclass
class StepView:
    step: dict
    due: date
    mark: OnboardingStepMark | None
    overdue: bool


@dataclass
class ProgressView:
    progress: OnboardingProgress
    placement: Placement
    version: OnboardingVersion
    steps: list[StepView]
    active: bool

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.mark)

    @property
    def next_steps(self) -> list[StepView]:
        return [s for s in self.steps if not s.mark][:3]


def client_progress(client_id: int, today: date | None = None) -> list[ProgressView]:
    """The onboarding progress of a client's placements, newest first (one statement: each
    progress row comes once per step marked, with the mark and who marked it)."""
    today = today or clock.today()
    result = db.session.execute(
        select(OnboardingProgress, Placement, OnboardingVersion, OnboardingStepMark)
        .join(Placement, Placement.id == OnboardingProgress.placement_id)
        .join(OnboardingVersion, OnboardingVersion.id == OnboardingProgress.version_id)
        .outerjoin(OnboardingStepMark, OnboardingStepMark.progress_id == OnboardingProgress.id)
        .options(joinedload(OnboardingStepMark.marked_by))
        .where(Placement.client_id == client_id)
        .order_by(Placement.start_date.desc(), OnboardingProgress.id)
    ).all()
    rows, marks = [], {}
    for progress, placement, version, mark in result:
        if not rows or rows[-1][0] is not progress:
            rows.append((progress, placement, version))
        if mark is not None:
            marks[(progress.id, mark.step_key)] = mark
    views = []
    for progress, placement, version in rows:
        steps = []
        for step in c.sorted_steps(version.content):
            due = c.due_date(placement.start_date, step["week"])
            mark = marks.get((progress.id, step["key"]))
            steps.append(StepView(step, due, mark, mark is None and due < today))
        active = placement.ended_on is None and placement.end_date >= today
        views.append(ProgressView(progress, placement, version, steps, active))
    return views
