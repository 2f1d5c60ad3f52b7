"""Pages of the onboarding plugin, under ``/p/onboarding``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from plugins.onboarding import content as c
from plugins.onboarding import services
from plugins.onboarding.catalog import all_templates
from plugins.onboarding.forms import (
    RESPONSIBLE_LABELS,
    DecideForm,
    FadingForm,
    MarkDoneForm,
    NewModelForm,
    SignForm,
    StepForm,
    week_label,
)
from plugins.onboarding.models import (
    OnboardingModel,
    OnboardingProgress,
    OnboardingSharedTemplate,
    OnboardingVersion,
)
from portal.api import (
    Company,
    ConfirmForm,
    Placement,
    Role,
    RuleError,
    User,
    collect,
    db,
    get_client_or_404,
    localized,
    roles_required,
    safe_next,
    show_rule_error,
)

bp = Blueprint("onboarding", __name__, template_folder="templates")
EDITORS = ("coach", "admin", "employer")


@bp.app_context_processor
def labels():
    return {"week_label": week_label, "responsible_labels": RESPONSIBLE_LABELS}


def _company(company_id: int) -> Company:
    """Employers only ever reach their own company."""
    company = db.session.get(Company, company_id)
    if company is None or (
        current_user.role == Role.EMPLOYER and current_user.company_id != company.id
    ):
        abort(404)
    return company


def _model(model_id: int) -> OnboardingModel:
    model = db.session.get(OnboardingModel, model_id)
    if model is None:
        abort(404)
    _company(model.company_id)
    return model


@bp.route("/")
@roles_required(*EDITORS)
def index():
    if current_user.role == Role.EMPLOYER:
        return redirect(url_for("onboarding.company", company_id=current_user.company_id))
    rows = db.session.execute(
        select(Company, OnboardingModel)
        .outerjoin(OnboardingModel, OnboardingModel.company_id == Company.id)
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
    company = _company(company_id)
    model = db.session.scalar(
        select(OnboardingModel).where(OnboardingModel.company_id == company.id)
    )
    if model is not None:
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
    if form.validate_on_submit():
        try:
            model = services.create_model(
                company, form.template.data or "", current_user, locale, form.title.data
            )
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            flash(_("The onboarding model was created."), "success")
            return redirect(url_for("onboarding.model", model_id=model.id))
    return render_template(
        "onboarding/new.html", company=company, form=form, templates=templates, locale=locale
    )


def _signers(version: OnboardingVersion) -> dict[int, str]:
    ids = [i for i in (version.coach_signed_by_id, version.employer_signed_by_id) if i]
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


@bp.route("/models/<int:model_id>")
@roles_required(*EDITORS)
def model(model_id: int):
    model = _model(model_id)
    company = db.session.get(Company, model.company_id)
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
        signers=_signers(current),
        sign_form=SignForm(base=current.number),
        can_sign=_can_sign(current),
        agreed=next((v for v in versions if v.agreed), None),
        confirm=SignForm(),
    )


def _can_sign(version: OnboardingVersion) -> bool:
    if current_user.role == Role.COACH:
        return version.coach_signed_at is None
    if current_user.role == Role.EMPLOYER:
        return version.employer_signed_at is None
    return False


def _skill_choices() -> list[SelectChoice]:
    locale = str(get_locale())
    return [
        SelectChoice(ref.ref, localized(ref.label, locale))
        for ref in collect("portal_skill_requirements", text="", limit=200)
    ]


def _edit(model: OnboardingModel, form, change, apply):
    """Save ``apply(content)`` as a new version based on the form's ``base``."""
    current = services.latest_version(model)
    content = services.edited_copy(current)
    apply(content)
    try:
        services.save_version(model, int(form.base.data), content, change, current_user)
    except (RuleError, ValueError) as error:
        db.session.rollback()
        show_rule_error(form, error if isinstance(error, RuleError) else RuleError(services.STALE))
        return None
    flash(_("Saved as a new version."), "success")
    return redirect(url_for("onboarding.model", model_id=model.id))


@bp.route("/models/<int:model_id>/steps/new", methods=["GET", "POST"])
@bp.route("/models/<int:model_id>/steps/<key>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def step(model_id: int, key: str | None = None):
    model = _model(model_id)
    current = services.latest_version(model)
    existing = next((s for s in current.content["steps"] if s["key"] == key), None)
    if key is not None and existing is None:
        abort(404)
    form = StepForm()
    form.skill_requirements.choices = _skill_choices()
    if request.method == "GET":
        form.base.data = current.number
        if existing:
            form.week.data, form.responsible.data = existing["week"], existing["responsible"]
            form.title.data, form.description.data = existing["title"], existing["description"]
            form.task_analysis.data = "\n".join(existing.get("task_analysis", []))
            form.skill_requirements.data = existing.get("skill_requirements", [])
    status = 200
    if form.validate_on_submit():
        new_key = key or c.next_key(current.content)
        values = {
            "key": new_key,
            "week": form.week.data,
            "responsible": form.responsible.data,
            "title": form.title.data.strip(),
            "description": (form.description.data or "").strip(),
            "task_analysis": [
                line.strip()
                for line in (form.task_analysis.data or "").splitlines()
                if line.strip()
            ],
            "skill_requirements": form.skill_requirements.data or [],
        }

        def apply(content):
            content["steps"] = [s for s in content["steps"] if s["key"] != new_key] + [values]

        change = (
            _("Step changed: %(title)s", title=values["title"])
            if key
            else _("Step added: %(title)s", title=values["title"])
        )
        done = _edit(model, form, change, apply)
        if done:
            return done
        status = 409
    return render_template(
        "onboarding/step.html",
        model=model,
        form=form,
        key=key,
        has_skills=bool(form.skill_requirements.choices),
    ), status


@bp.route("/models/<int:model_id>/steps/<key>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_step(model_id: int, key: str):
    model = _model(model_id)
    form = SignForm()
    current = services.latest_version(model)
    step = next((s for s in current.content["steps"] if s["key"] == key), None)
    if step is None:
        abort(404)
    if form.validate_on_submit():

        def apply(content):
            content["steps"] = [s for s in content["steps"] if s["key"] != key]

        if _edit(model, form, _("Step removed: %(title)s", title=step["title"]), apply) is None:
            flash(str(services.STALE), "error")
    return redirect(url_for("onboarding.model", model_id=model.id))


def _parse_fading(text: str) -> list[dict] | None:
    plan = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        week, _sep, rest = line.partition(":")
        if not week.strip().isdigit() or not rest.strip():
            return None
        plan.append({"week": int(week), "text": rest.strip()})
    return sorted(plan, key=lambda item: item["week"])


@bp.route("/models/<int:model_id>/fading", methods=["GET", "POST"])
@roles_required(*EDITORS)
def fading(model_id: int):
    model = _model(model_id)
    current = services.latest_version(model)
    form = FadingForm()
    if request.method == "GET":
        form.base.data = current.number
        form.plan.data = "\n".join(
            f"{i['week']}: {i['text']}" for i in current.content.get("fading_plan", [])
        )
    status = 200
    if form.validate_on_submit():
        plan = _parse_fading(form.plan.data)
        if plan is None:
            form.plan.errors = [_("Start each line with the week number and a colon.")]
            status = 400
        else:
            done = _edit(
                model,
                form,
                _("Fading plan changed"),
                lambda content: content.__setitem__("fading_plan", plan),
            )
            if done:
                return done
            status = 409
    return render_template("onboarding/fading.html", model=model, form=form), status


@bp.route("/models/<int:model_id>/sign", methods=["POST"])
@roles_required("coach", "employer")
def sign(model_id: int):
    model = _model(model_id)
    form = SignForm()
    if form.validate_on_submit():
        try:
            version = services.sign(model, int(form.base.data), current_user)
        except (RuleError, ValueError) as error:
            db.session.rollback()
            flash(str(error.message if isinstance(error, RuleError) else services.STALE), "error")
        else:
            flash(
                _("Version %(n)d is agreed.", n=version.number)
                if version.agreed
                else _("You signed off version %(n)d.", n=version.number),
                "success",
            )
    return redirect(url_for("onboarding.model", model_id=model.id))


@bp.route("/models/<int:model_id>/versions/<int:number>")
@roles_required(*EDITORS)
def version(model_id: int, number: int):
    model = _model(model_id)
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
    model = _model(model_id)
    version = services.latest_agreed(model.company_id) or services.latest_version(model)
    company = db.session.get(Company, model.company_id)
    return render_template(
        "onboarding/print.html",
        model=model,
        version=version,
        company=company,
        steps=c.sorted_steps(version.content),
    )


@bp.route("/models/<int:model_id>/share", methods=["POST"])
@roles_required("coach", "employer")
def share(model_id: int):
    model = _model(model_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.offer_as_template(model, current_user)
        except RuleError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(
                _("Thank you. The project manager checks the model before others see it."),
                "success",
            )
    return redirect(url_for("onboarding.model", model_id=model.id))


@bp.route("/shared", methods=["GET"])
@roles_required("admin")
def shared():
    offers = db.session.scalars(
        select(OnboardingSharedTemplate)
        .order_by(OnboardingSharedTemplate.offered_at.desc())
        .limit(100)
    ).all()
    return render_template("onboarding/shared.html", offers=offers, form=DecideForm())


@bp.route("/shared/<int:offer_id>", methods=["POST"])
@roles_required("admin")
def decide(offer_id: int):
    offer = db.get_or_404(OnboardingSharedTemplate, offer_id)
    form = DecideForm()
    if form.validate_on_submit() and form.decision.data in ("approve", "reject"):
        try:
            services.decide(offer, form.decision.data == "approve", current_user)
        except RuleError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Saved."), "success")
    return redirect(url_for("onboarding.shared"))


def _progress(progress_id: int) -> OnboardingProgress:
    """The progress of a placement the signed-in user may see (else 404)."""
    progress = db.session.get(OnboardingProgress, progress_id)
    if progress is None:
        abort(404)
    placement = db.session.get(Placement, progress.placement_id)
    get_client_or_404(current_user, placement.client_id)
    if current_user.role == Role.EMPLOYER and placement.company_id != current_user.company_id:
        abort(404)
    return progress


@bp.route("/progress/<int:progress_id>/steps/<key>", methods=["POST"])
@roles_required("coach", "employer", "client")
def mark(progress_id: int, key: str):
    progress = _progress(progress_id)
    form = MarkDoneForm()
    if not form.validate_on_submit():
        flash(_("Give the date the step was done."), "error")
    else:
        try:
            services.mark_done(
                progress, key, form.done_on.data, form.comment.data or "", current_user
            )
        except RuleError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("Step marked done."), "success")
    return redirect(safe_next(request.form.get("next")))
