"""A company's onboarding model: starting one, its versions, signing off, and the print page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from plugins.onboarding import content as c
from plugins.onboarding import languages, photos, services
from plugins.onboarding.catalog import all_templates
from plugins.onboarding.forms import NewModelForm, SignForm
from plugins.onboarding.i18n import _
from plugins.onboarding.languages import Coverage
from plugins.onboarding.models import OnboardingModel, OnboardingSharedTemplate, OnboardingVersion
from plugins.onboarding.views.blueprint import (
    EDITORS,
    bp,
    company_or_404,
    model_and_company_or_404,
    model_or_404,
)
from portal.api import (
    Company,
    Role,
    User,
    coach_company_ids,
    db,
    localized,
    roles_required,
    submit_action,
    submit_form,
)


@bp.route("/")
@roles_required(*EDITORS)
def index():
    if current_user.role == Role.EMPLOYER:
        return redirect(url_for("onboarding.company", company_id=current_user.company_id))
    rows = db.session.execute(
        select(Company, OnboardingModel)
        .outerjoin(OnboardingModel, OnboardingModel.company_id == Company.id)
        .where(Company.id.in_(coach_company_ids(current_user)))
        .order_by(Company.name)
    ).all()
    pending = db.session.scalar(
        select(OnboardingSharedTemplate.id)
        .where(OnboardingSharedTemplate.status == "pending")
        .limit(1)
    )
    return render_template("onboarding/index.html", rows=rows, pending=pending)


@bp.route("/companies/<int:company_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def company(company_id: int):
    """The company's model, or a form to start one from a template."""
    company = company_or_404(company_id)
    model = db.session.scalar(
        select(OnboardingModel).where(OnboardingModel.company_id == company.id)
    )
    # A replay of the form that created the model is answered by the form machinery.
    if model is not None and request.method == "GET":
        return redirect(url_for("onboarding.model", model_id=model.id))
    locale = str(get_locale())
    templates = all_templates()
    form = NewModelForm()
    form.template.choices = [SelectChoice("", _("A blank model"))] + [
        SelectChoice(t.key, f"{localized(t.title, locale)} ({len(t.steps)})")
        for t in sorted(templates.values(), key=lambda t: t.order)
    ]
    if request.method == "GET":
        form.title.data = _("Onboarding at %(company)s", company=company.name)
        form.template.data = ""
    submission = submit_form(
        form,
        lambda: services.create_model(
            company, form.template.data or "", current_user, locale, form.title.data
        ),
        success=_("The onboarding model was created."),
        rejected_status=200,
    )
    if submission.saved and submission.result is not None:
        return redirect(url_for("onboarding.model", model_id=submission.result.id))
    return render_template(
        "onboarding/new.html", company=company, form=form, templates=templates, locale=locale
    ), submission.status


def _signers(version: OnboardingVersion) -> dict[int, str]:
    ids = [i for i in (version.coach_signed_by_id, version.employer_signed_by_id) if i]
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def _can_sign(version: OnboardingVersion) -> bool:
    if current_user.role == Role.COACH:
        return version.coach_signed_at is None
    if current_user.role == Role.EMPLOYER:
        return version.employer_signed_at is None
    return False


@bp.route("/models/<int:model_id>")
@roles_required(*EDITORS)
def model(model_id: int):
    model, company = model_and_company_or_404(model_id)
    versions = db.session.scalars(
        select(OnboardingVersion)
        .where(OnboardingVersion.model_id == model.id)
        .options(selectinload(OnboardingVersion.author))
        .order_by(OnboardingVersion.number.desc())
    ).all()
    current = versions[0]
    return render_template(
        "onboarding/model.html",
        model=model,
        company=company,
        version=current,
        versions=versions,
        steps=c.sorted_steps(current.content),
        languages=_languages(model, current.content),
        step_photos=photos.step_photos([model.id]),
        signers=_signers(current),
        sign_form=SignForm(base=current.number),
        can_sign=_can_sign(current),
        agreed=next((v for v in versions if v.agreed), None),
        confirm=SignForm(),
    )


def _languages(model: OnboardingModel, content: c.Content) -> dict[str, list[Coverage]]:
    """Each step's and the fading plan's languages: written, needing checking or missing."""
    translations = languages.load([model.id])
    keys = [s["key"] for s in content.get("steps", [])] + [languages.FADING]
    return {
        key: languages.coverage(
            translations, model.id, key, languages.reference_of(content, key) or {}
        )
        for key in keys
    }


@bp.route("/models/<int:model_id>/sign", methods=["POST"])
@roles_required("coach", "employer")
def sign(model_id: int):
    model = model_or_404(model_id)
    form = SignForm()

    def sign_off() -> OnboardingVersion:
        version = services.sign(model, form.base.data, current_user)
        flash(
            _("Version %(n)d is agreed.", n=version.number)
            if version.agreed
            else _("You signed off version %(n)d.", n=version.number),
            "success",
        )
        return version

    submit_action(form, sign_off, invalid=str(services.STALE))
    return redirect(url_for("onboarding.model", model_id=model.id))


@bp.route("/models/<int:model_id>/versions/<int:number>")
@roles_required(*EDITORS)
def version(model_id: int, number: int):
    model = model_or_404(model_id)
    versions = db.session.scalars(
        select(OnboardingVersion).where(
            OnboardingVersion.model_id == model.id,
            OnboardingVersion.number.in_([number, number - 1]),
        )
    ).all()
    by_number = {v.number: v for v in versions}
    if number not in by_number:
        abort(404)
    shown = by_number[number]
    previous = by_number.get(number - 1)
    rows = c.diff(previous.content if previous else c.empty(), shown.content)
    return render_template(
        "onboarding/version.html",
        model=model,
        version=shown,
        rows=rows,
        steps=c.sorted_steps(shown.content),
    )


@bp.route("/models/<int:model_id>/print")
@roles_required(*EDITORS)
def print_view(model_id: int):
    """A page for the workplace wall: the newest agreed version, else the newest."""
    model = model_or_404(model_id)
    version = services.latest_agreed(model.company_id) or services.latest_version(model)
    company = db.session.get(Company, model.company_id)
    return render_template(
        "onboarding/print.html",
        model=model,
        version=version,
        company=company,
        steps=c.sorted_steps(version.content),
    )
