"""Editing a model: each change to its steps or fading plan is saved as a new version."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from plugins.onboarding import content as c
from plugins.onboarding import services, skill_search
from plugins.onboarding.forms import BaseVersionForm, FadingForm, SignForm, StepForm
from plugins.onboarding.i18n import _
from plugins.onboarding.models import OnboardingModel, OnboardingVersion
from plugins.onboarding.views.blueprint import EDITORS, bp, model_or_404
from portal.api import (
    confirmation_page,
    roles_required,
    submit_action,
    submit_form,
)


def _save_step(model: OnboardingModel, form: StepForm, key: str | None) -> OnboardingVersion:
    """Save the step on ``form`` as a new version of ``model``: a new step when ``key`` is
    None, else in place of the step ``key``."""
    values = form.as_step(key or c.next_key(services.latest_version(model).content))

    def apply(content: c.Content) -> None:
        content["steps"] = [s for s in content["steps"] if s["key"] != values["key"]]
        content["steps"].append(values)

    title = values["title"]
    change = (
        _("Step changed: %(title)s", title=title)
        if key
        else _("Step added: %(title)s", title=title)
    )
    return services.edit(model, form.base.data, change, apply, current_user)


def _refused_status(form: BaseVersionForm) -> int:
    """An invalid form is shown again with 200, as these pages always have; one whose version
    is missing or malformed (it was not sent from the page as rendered) with 400."""
    return 400 if form.is_submitted() and not form.validate() and form.form_errors else 200


@bp.route("/models/<int:model_id>/steps/new", methods=["GET", "POST"])
@bp.route("/models/<int:model_id>/steps/<key>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def step(model_id: int, key: str | None = None):
    model = model_or_404(model_id)
    current = services.latest_version(model)
    existing = next((s for s in current.content["steps"] if s["key"] == key), None)
    if key is not None and existing is None:
        abort(404)
    form = StepForm()
    if request.method == "GET":
        form.base.data = current.number
        if existing:
            form.fill_from(existing)
    search = skill_search.offer(form, existing.get("skill_requirements", []) if existing else [])
    if skill_search.searching():
        return _step_page(model, form, key, search), 200
    # Validated before submit_form so that an invalid form keeps answering 200 and a refused
    # rule (an edit of an older version) 409, as this page always has.
    status = _refused_status(form)
    if form.validate_on_submit():
        submission = submit_form(
            form,
            lambda: _save_step(model, form, key),
            success=_("Saved as a new version."),
            rejected_status=409,
            edit=key is not None,
        )
        if submission.saved:
            return redirect(url_for("onboarding.model", model_id=model.id))
        status = submission.status
    return _step_page(model, form, key, search), status


def _step_page(model: OnboardingModel, form: StepForm, key: str | None, search) -> str:
    return render_template(
        "onboarding/step.html",
        model=model,
        form=form,
        key=key,
        search=search,
        has_skills=bool(form.skill_requirements.choices) or bool(search.query),
    )


@bp.route("/models/<int:model_id>/steps/<key>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_step(model_id: int, key: str):
    model = model_or_404(model_id)
    form = SignForm()
    current = services.latest_version(model)
    step = next((s for s in current.content["steps"] if s["key"] == key), None)
    if step is None:
        abort(404)
    asked = confirmation_page(
        _("Remove the step %(title)s?", title=step["title"]),
        _("Remove the step"),
        _("The model gets a new version without the step; earlier versions keep it."),
    )
    if asked:
        return asked

    def apply(content: c.Content) -> None:
        content["steps"] = [s for s in content["steps"] if s["key"] != key]

    change = _("Step removed: %(title)s", title=step["title"])
    submit_action(
        form,
        lambda: services.edit(model, form.base.data, change, apply, current_user),
        success=_("Saved as a new version."),
        invalid=str(services.STALE),
    )
    return redirect(url_for("onboarding.model", model_id=model.id))


@bp.route("/models/<int:model_id>/fading", methods=["GET", "POST"])
@roles_required(*EDITORS)
def fading(model_id: int):
    model = model_or_404(model_id)
    current = services.latest_version(model)
    form = FadingForm()
    if request.method == "GET":
        form.base.data = current.number
        form.plan.data = c.fading_as_text(current.content)
    status = _refused_status(form)
    if form.validate_on_submit():
        plan = c.fading_from_text(form.plan.data)
        if plan is None:
            form.plan.errors = [_("Start each line with the week number and a colon.")]
            status = 400
        else:
            submission = submit_form(
                form,
                lambda: services.edit(
                    model,
                    form.base.data,
                    _("Fading plan changed"),
                    lambda content: content.__setitem__("fading_plan", plan),
                    current_user,
                ),
                success=_("Saved as a new version."),
                rejected_status=409,
                edit=True,
            )
            if submission.saved:
                return redirect(url_for("onboarding.model", model_id=model.id))
            status = submission.status
    return render_template("onboarding/fading.html", model=model, form=form), status
