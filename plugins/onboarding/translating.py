"""Writing a step's or the fading plan's version in another language (see ``languages``).

Who may write one is who may edit the model; the view checks that. A refusal raises
``RuleError`` before anything is written; a save is audited and committed here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from plugins.onboarding import content as c
from plugins.onboarding import languages
from plugins.onboarding.i18n import _l
from plugins.onboarding.models import OnboardingModel, OnboardingTranslation
from plugins.onboarding.services import latest_version
from portal.api import RuleError, User, audit, clock, db, translation_locales

SAVED_MEANWHILE = _l(
    "Someone saved a translation in this language a moment ago, so yours was not saved. "
    "Open the page again to see it."
)


def save(
    model: OnboardingModel,
    item_key: str,
    locale: str,
    values: dict[str, Any],
    actor: User,
    translation: OnboardingTranslation | None = None,
) -> OnboardingTranslation:
    """Write ``values`` as the version of ``item_key`` in ``locale``, made from the newest
    reference text (so that it no longer needs checking). ``translation`` is the row edited;
    None writes a new one."""
    reference = languages.reference_of(latest_version(model).content, item_key)
    if reference is None:
        raise RuleError(_l("This step is not in the model."))
    if locale not in translation_locales():
        raise RuleError(_l("Choose one of the languages."))
    if item_key == languages.FADING and c.fading_from_text(values["description"]) is None:
        raise RuleError(
            _l("Start each line with the week number and a colon."), field="description"
        )
    if translation is None:
        translation = OnboardingTranslation(model_id=model.id, item_key=item_key, locale=locale)
        db.session.add(translation)
    for name, value in values.items():
        setattr(translation, name, value)
    translation.source_digest = languages.digest(reference)
    translation.updated_by_id = actor.id
    translation.updated_at = clock.utcnow()
    audit.record(
        "onboarding.translate",
        actor=actor,
        object_type="onboarding_model",
        object_id=model.id,
        purpose=f"{item_key} {locale}",
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same language of the same item, written a moment earlier
        db.session.rollback()
        raise RuleError(SAVED_MEANWHILE) from None
    return translation
