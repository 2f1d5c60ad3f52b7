"""Intensified coaching after the Check Point: recording the coach's visits and the review at
the plan's end."""

from __future__ import annotations

from flask import redirect, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.access.permissions import roles_required
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.models import Client, CoachVisit, IntensifiedPlan
from portal.pathway import checkpoints as checkpoint_service
from portal.pathway import intensified
from portal.pathway.forms import PlanReviewForm, VisitDoneForm, VisitMissedForm
from portal.pathway.views.blueprint import COACHES, bp, form_page, load_client, of_client


def _to_plan(client: Client, plan_id: int) -> Response:
    plan = db.session.get(IntensifiedPlan, plan_id)
    return redirect(
        url_for("pathway.checkpoint", client_id=client.id, checkpoint_id=plan.checkpoint_id)
        + "#plan"
    )


def _visit_page(client_id: int, visit_id: int, form, title: str, save) -> Response | tuple:
    client = load_client(client_id)
    visit = of_client(CoachVisit, visit_id, client)
    submission = submit_form(form, lambda: save(visit), success=_("Saved."))
    if submission.saved:
        return _to_plan(client, visit.plan_id)
    day = format_date(visit.due_date, "short")
    return form_page(client, form, title % {"day": day}, status=submission.status)


@bp.route("/visits/<int:visit_id>/done", methods=["GET", "POST"])
@roles_required(*COACHES)
def visit_done(client_id: int, visit_id: int):
    form = VisitDoneForm()
    return _visit_page(
        client_id,
        visit_id,
        form,
        _("Workplace visit planned for %(day)s"),
        lambda visit: intensified.record_visit(
            visit, current_user, on=form.on.data, note=form.note.data or ""
        ),
    )


@bp.route("/visits/<int:visit_id>/missed", methods=["GET", "POST"])
@roles_required(*COACHES)
def visit_missed(client_id: int, visit_id: int):
    form = VisitMissedForm()
    return _visit_page(
        client_id,
        visit_id,
        form,
        _("Missed workplace visit planned for %(day)s"),
        lambda visit: intensified.record_missed(visit, current_user, reason=form.reason.data),
    )


@bp.route("/plans/<int:plan_id>/review", methods=["GET", "POST"])
@roles_required(*COACHES)
def review_plan(client_id: int, plan_id: int):
    client = load_client(client_id)
    plan = of_client(IntensifiedPlan, plan_id, client)
    form = PlanReviewForm()
    data = intensified.PlanReview(
        outcome=form.outcome.data or "", notes=form.notes.data or "", weeks=form.weeks.data
    )
    submission = submit_form(
        form,
        lambda: checkpoint_service.review_plan(plan, client, data, current_user),
        success=_("Review recorded."),
    )
    if submission.saved:
        return _to_plan(client, plan.id)
    title = _(
        "Review of intensified coaching (ends %(day)s)", day=format_date(plan.end_date, "short")
    )
    return form_page(client, form, title, status=submission.status)
