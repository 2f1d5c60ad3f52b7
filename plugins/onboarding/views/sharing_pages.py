"""Offering an agreed model to others, and the project manager's decision on the offers."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from plugins.onboarding import sharing
from plugins.onboarding.forms import DecideForm
from plugins.onboarding.i18n import _
from plugins.onboarding.models import OnboardingSharedTemplate
from plugins.onboarding.views.blueprint import bp, model_or_404
from portal.api import ConfirmForm, db, roles_required, submit_action


@bp.route("/models/<int:model_id>/share", methods=["POST"])
@roles_required("coach", "employer")
def share(model_id: int):
    model = model_or_404(model_id)
    submit_action(
        ConfirmForm(),
        lambda: sharing.offer(model, current_user),
        success=_("Thank you. The project manager checks the model before others see it."),
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
    pending = [o for o in offers if o.status == "pending"]
    return render_template(
        "onboarding/shared.html",
        offers=offers,
        changes=sharing.changes(pending),
        form=DecideForm(),
    )


@bp.route("/shared/<int:offer_id>", methods=["POST"])
@roles_required("admin")
def decide(offer_id: int):
    offer = db.get_or_404(OnboardingSharedTemplate, offer_id)
    form = DecideForm()
    if form.decision.data in ("approve", "reject"):
        submit_action(
            form,
            lambda: sharing.decide(offer, form.decision.data == "approve", current_user),
            success=_("Saved."),
        )
    return redirect(url_for("onboarding.shared"))
