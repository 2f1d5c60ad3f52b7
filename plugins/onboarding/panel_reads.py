"""What the onboarding panel shows beside the progress, read together: the photos of the marks
and of the models' steps, and the models' translations, in one statement (``several``)."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from plugins.onboarding.languages import Translations
from plugins.onboarding.models import OnboardingStepMark, OnboardingStepPhoto, OnboardingTranslation
from plugins.onboarding.photos import MARK, STEP
from portal.api import Attachment, Listing, several

PhotosByMark = dict[int, list[Attachment]]
PhotosByStep = dict[tuple[int, str], list[Attachment]]


def _lists() -> list[Listing]:
    marks, models = bindparam("mark_ids", expanding=True), bindparam("model_ids", expanding=True)
    step_photos = OnboardingStepPhoto.model_id.in_(models)
    return [
        Listing(
            Attachment,
            ((Attachment.target_kind == MARK) & Attachment.target_id.in_(marks))
            | (
                (Attachment.target_kind == STEP)
                & Attachment.id.in_(select(OnboardingStepPhoto.attachment_id).where(step_photos))
            ),
            (Attachment.id,),
        ),
        Listing(OnboardingStepPhoto, step_photos, (OnboardingStepPhoto.attachment_id,)),
        Listing(
            OnboardingTranslation,
            OnboardingTranslation.model_id.in_(models),
            (OnboardingTranslation.id,),
        ),
    ]


def photos_and_translations(
    marks: list[OnboardingStepMark], model_ids: list[int]
) -> tuple[PhotosByMark, PhotosByStep, Translations]:
    """Each mark's files, each model step's photos by (model id, step key), and every
    translation of the models: one statement (none without models)."""
    by_mark: PhotosByMark = {m.id: [] for m in marks}
    if not model_ids:
        return by_mark, {}, {}
    files, step_photos, translations = several(
        "onboarding.panel", _lists, mark_ids=list(by_mark), model_ids=sorted(model_ids)
    )
    steps = {p.attachment_id: (p.model_id, p.step_key) for p in step_photos}
    by_step: PhotosByStep = {}
    for attachment in files:
        if attachment.target_kind == MARK:
            by_mark[attachment.target_id].append(attachment)
        elif attachment.id in steps:
            by_step.setdefault(steps[attachment.id], []).append(attachment)
    return by_mark, by_step, {(t.model_id, t.item_key, t.locale): t for t in translations}
