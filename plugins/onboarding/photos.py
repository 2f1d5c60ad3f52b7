"""Photos (or PDFs) of onboarding steps: of a step done (its mark), and workplace photos of a
model's step that show to every trainee with the step. The files themselves are the core's
attachments (``portal.api.attach``); here are who may see them and how they are found."""

from __future__ import annotations

from sqlalchemy import select

from plugins.onboarding.i18n import _l
from plugins.onboarding.models import (
    OnboardingModel,
    OnboardingProgress,
    OnboardingStepMark,
    OnboardingStepPhoto,
    OnboardingVersion,
)
from portal.api import (
    Attachment,
    AttachmentTarget,
    Client,
    Placement,
    Role,
    RuleError,
    User,
    attach,
    attachments_of,
    coach_company_ids,
    db,
    employer_may_see,
    visible_clients,
)

#: The kind of an attachment of a step marked done (its target is the mark's id).
MARK = "onboarding_mark"
#: The kind of a workplace photo of a model's step (its target is the model's id).
STEP = "onboarding_step"


def placement_visible(user: User, placement: Placement) -> bool:
    """The onboarding page's rule: the trainee, their coach and the admin; the supervisor's
    company while the placement is within its visibility window. Not a teacher."""
    if user.role == Role.EMPLOYER:
        return placement.company_id == user.company_id and employer_may_see(placement)
    if user.role not in (Role.CLIENT, Role.COACH, Role.ADMIN):
        return False
    query = visible_clients(user).where(Client.id == placement.client_id)
    return db.session.scalar(query.with_only_columns(Client.id)) is not None


def _mark_visible(user: User, mark_id: int, client_id: int | None) -> bool:
    mark = db.session.get(OnboardingStepMark, mark_id)
    if mark is None:
        return False
    progress = db.session.get(OnboardingProgress, mark.progress_id)
    placement = db.session.get(Placement, progress.placement_id)
    return placement.client_id == client_id and placement_visible(user, placement)


def _model_visible(user: User, model_id: int, client_id: int | None) -> bool:
    """The model's company's supervisors, the coaches working with the company, the admin,
    and the trainees whose placement follows a version of the model."""
    model = db.session.get(OnboardingModel, model_id)
    if model is None:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.EMPLOYER:
        return user.company_id == model.company_id
    if user.role == Role.COACH:
        ids = coach_company_ids(user).subquery()
        return db.session.scalar(select(ids.c[0]).where(ids.c[0] == model.company_id)) is not None
    if user.role != Role.CLIENT:
        return False
    following = (
        select(OnboardingProgress.id)
        .join(Placement, Placement.id == OnboardingProgress.placement_id)
        .join(OnboardingVersion, OnboardingVersion.id == OnboardingProgress.version_id)
        .join(Client, Client.id == Placement.client_id)
        .where(OnboardingVersion.model_id == model.id, Client.user_id == user.id)
    )
    return db.session.scalar(following.limit(1)) is not None


TARGETS = [
    AttachmentTarget(kind=MARK, may_see=_mark_visible),
    AttachmentTarget(kind=STEP, may_see=_model_visible),
]


def add_step_photo(model: OnboardingModel, step_key: str, data: bytes, actor: User) -> None:
    """Keep a workplace photo of a step of the model's newest version (commits). The photo
    is about a workplace, not a person: it belongs to no client."""
    newest = db.session.scalar(
        select(OnboardingVersion)
        .where(OnboardingVersion.model_id == model.id)
        .order_by(OnboardingVersion.number.desc())
        .limit(1)
    )
    steps = newest.content.get("steps", []) if newest else []
    if not any(s["key"] == step_key for s in steps):
        raise RuleError(_l("This step is not in the model."))
    row = attach(data, kind=STEP, target_id=model.id, client_id=None, actor=actor, commit=False)
    if db.session.get(OnboardingStepPhoto, row.id) is None:  # not the same file again
        db.session.add(
            OnboardingStepPhoto(attachment_id=row.id, model_id=model.id, step_key=step_key)
        )
    db.session.commit()


def step_photos(model_ids: list[int]) -> dict[tuple[int, str], list[Attachment]]:
    """The workplace photos of the models' steps by (model id, step key), in one statement."""
    found: dict[tuple[int, str], list[Attachment]] = {}
    if not model_ids:
        return found
    rows = db.session.execute(
        select(Attachment, OnboardingStepPhoto.model_id, OnboardingStepPhoto.step_key)
        .join(OnboardingStepPhoto, OnboardingStepPhoto.attachment_id == Attachment.id)
        .where(OnboardingStepPhoto.model_id.in_(model_ids), Attachment.target_kind == STEP)
        .order_by(Attachment.id)
    )
    for attachment, model_id, key in rows:
        found.setdefault((model_id, key), []).append(attachment)
    return found


def photos_of(marks: list[OnboardingStepMark]) -> dict[int, list[Attachment]]:
    """Each mark's files, in one statement."""
    return attachments_of(MARK, [m.id for m in marks])
