"""Writing a step or the fading plan in another language, beside the reference text."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from plugins.onboarding import languages, translating
from plugins.onboarding.forms import FadingTranslationForm, StepTranslationForm
from plugins.onboarding.i18n import _
from plugins.onboarding.models import OnboardingModel, OnboardingTranslation
from plugins.onboarding.services import latest_version
from plugins.onboarding.views.blueprint import EDITORS, bp, model_or_404
from portal.api import (
    db,
    html_lang,
    language_name,
    roles_required,
    submit_form,
    text_direction,
    translation_locales,
)


def _existing(model: OnboardingModel, item_key: str, locale: str) -> OnboardingTranslation | None:
    return db.session.scalar(
        select(OnboardingTranslation).where(
            OnboardingTranslation.model_id == model.id,
            OnboardingTranslation.item_key == item_key,
            OnboardingTranslation.locale == locale,
        )
    )


def _fill(form: StepTranslationForm | FadingTranslationForm, row: OnboardingTranslation) -> None:
    form.version.data = row.version
    form.description.data = row.description
    if isinstance(form, StepTranslationForm):
        form.title.data = row.title
        form.task_analysis.data = "\n".join(row.task_analysis)
        form.key_words.data = "\n".join(row.key_words)


@bp.route("/models/<int:model_id>/translations/<item_key>/<locale>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def translate(model_id: int, item_key: str, locale: str):
    """The version of a step (or of the fading plan) in ``locale``; out-of-reach models, unknown
    items and languages answer 404."""
    model = model_or_404(model_id)
    reference = languages.reference_of(latest_version(model).content, item_key)
    if reference is None or locale not in translation_locales():
        abort(404)
    row = _existing(model, item_key, locale)
    fading = item_key == languages.FADING
    form = FadingTranslationForm() if fading else StepTranslationForm()
    form.set_language(html_lang(locale), text_direction(locale))
    if request.method == "GET" and row is not None:
        _fill(form, row)
    submission = submit_form(
        form,
        lambda: translating.save(model, item_key, locale, form.values(), current_user, row),
        record=row,
        success=_("The translation was saved."),
        edit=row is not None,
    )
    if submission.saved:
        return redirect(url_for("onboarding.model", model_id=model.id, _anchor=f"item-{item_key}"))
    return render_template(
        "onboarding/translate.html",
        model=model,
        form=form,
        fading=fading,
        reference=reference,
        locale=locale,
        language=language_name(locale),
        state=languages.status(row, reference),
    ), submission.status
