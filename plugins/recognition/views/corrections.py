"""Corrections on a unit in the plan: cancelling a demonstration, unlinking evidence and
reopening a decision, each with its reason in the history."""

from __future__ import annotations

from flask import abort, redirect, url_for
from flask_login import current_user

from plugins.recognition import corrections, queries
from plugins.recognition.forms import ReasonForm, ReopenForm, UnlinkForm
from plugins.recognition.i18n import _
from plugins.recognition.views.blueprint import STAFF, bp
from plugins.recognition.views.plan_units import plan_unit_or_back, unit_page
from portal.api import (
    confirmation_page,
    get_client_or_404,
    roles_required,
    submit_action,
    submit_form,
)


def _back(client_id: int, unit_id: int):
    return redirect(url_for("recognition.plan_unit", client_id=client_id, unit_id=unit_id))


@bp.route(
    "/clients/<int:client_id>/units/<int:unit_id>/demonstrations/<int:demo_id>/cancel",
    methods=["POST"],
)
@roles_required(*STAFF)
def cancel_demonstration(client_id: int, unit_id: int, demo_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    demo = queries.demonstration(demo_id)
    if demo is None or demo.plan_unit_id != pu.id:
        abort(404)
    form = ReasonForm()
    # A reason left empty is answered on the unit page before anything is asked.
    asked = form.validate_on_submit() and confirmation_page(
        _("Cancel the demonstration?"),
        _("Cancel the demonstration"),
        _("The assessor is told by email; the demonstration stays in the history as cancelled."),
    )
    if asked:
        return asked
    submission = submit_form(
        form,
        lambda: corrections.cancel_demonstration(demo, form.reason.data or "", current_user),
        success=_("Demonstration cancelled; the assessor was told by email."),
    )
    if not submission.saved:
        return unit_page(client, unit_id, submission.status, cancel_form=form)
    return _back(client.id, unit_id)


@bp.route(
    "/clients/<int:client_id>/units/<int:unit_id>/evidence/<int:evidence_id>/unlink",
    methods=["POST"],
)
@roles_required(*STAFF)
def unlink_evidence(client_id: int, unit_id: int, evidence_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    asked = confirmation_page(
        _("Unlink the evidence from the unit?"),
        _("Unlink"),
        _("The evidence itself is kept; it no longer counts for this unit."),
    )
    if asked:
        return asked
    submit_action(
        UnlinkForm(),
        lambda: corrections.unlink_evidence(pu, evidence_id, current_user),
        success=_("Evidence unlinked."),
    )
    return _back(client.id, unit_id)


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/reopen", methods=["POST"])
@roles_required(*STAFF)
def reopen(client_id: int, unit_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    form = ReopenForm()
    submission = submit_form(
        form,
        lambda: corrections.reopen(pu, form.reason.data or "", current_user),
        record=pu,
        success=_("The decision was reopened."),
    )
    if not submission.saved:
        return unit_page(client, unit_id, submission.status, reopen_form=form)
    return _back(client.id, unit_id)
