"""Check Points: open one, record the re-assessment and decision, plan actions, close."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal.access.permissions import roles_required
from portal.app import clock
from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm
from portal.models import Checkpoint, CheckpointAction, CheckpointSource, Client
from portal.pathway import checkpoints as checkpoint_service
from portal.pathway.forms import ActionForm, CheckpointForm, OpenCheckpointForm
from portal.pathway.views.blueprint import COACHES, back, bp, form_page, load_client, of_client


def _to_checkpoint(client: Client, checkpoint: Checkpoint) -> Response:
    return redirect(url_for("pathway.checkpoint", client_id=client.id, checkpoint_id=checkpoint.id))


def _open(client: Client, form: OpenCheckpointForm) -> Checkpoint:
    return checkpoint_service.open_checkpoint(
        client,
        current_user,
        source=CheckpointSource.RISK_SIGNAL if form.signal.data else CheckpointSource.COACH,
        difficulty=form.difficulty.data,
        signal=form.signal.data or "",
    )


@bp.route("/checkpoints/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def open_checkpoint(client_id: int):
    client = load_client(client_id)
    form = OpenCheckpointForm()
    if request.method == "GET" and request.args.get("signal"):
        form.signal.data = request.args["signal"][:40]
    submission = submit_form(form, lambda: _open(client, form), success=_("Check Point opened."))
    if submission.saved:
        return _to_checkpoint(client, submission.result)
    return form_page(client, form, _l("Open a Check Point"), status=submission.status)


def _assessment(form: CheckpointForm) -> checkpoint_service.Assessment:
    return checkpoint_service.Assessment(
        reassessment=(form.reassessment.data or "").strip(),
        decision=form.decision.data or "",
        decision_notes=(form.decision_notes.data or "").strip(),
        next_meeting=form.next_meeting.data,
    )


@bp.route("/checkpoints/<int:checkpoint_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def checkpoint(client_id: int, checkpoint_id: int):
    client = load_client(client_id)
    cp = of_client(Checkpoint, checkpoint_id, client)
    form = CheckpointForm(obj=cp)
    submission = submit_form(
        form,
        lambda: checkpoint_service.record_assessment(cp, _assessment(form), current_user),
        record=cp,
    )
    if submission.saved:
        return _to_checkpoint(client, cp)
    actions = db.session.scalars(
        select(CheckpointAction)
        .where(CheckpointAction.checkpoint_id == cp.id)
        .order_by(CheckpointAction.due_date)
    ).all()
    return render_template(
        "pathway/checkpoint.html",
        client=client,
        checkpoint=cp,
        form=form,
        action_form=ActionForm(),
        actions=actions,
        confirm=ConfirmForm(),
        today=clock.today(),
    ), submission.status


@bp.route("/checkpoints/<int:checkpoint_id>/actions", methods=["POST"])
@roles_required(*COACHES)
def add_action(client_id: int, checkpoint_id: int):
    client = load_client(client_id)
    cp = of_client(Checkpoint, checkpoint_id, client)
    form = ActionForm()
    submit_action(
        form,
        lambda: checkpoint_service.add_action(
            cp,
            current_user,
            description=form.description.data,
            owner=form.owner.data,
            due=form.due_date.data,
        ),
        invalid=_("Give the action, who does it and by when."),
    )
    return _to_checkpoint(client, cp)


@bp.route("/checkpoints/<int:checkpoint_id>/actions/<int:action_id>/done", methods=["POST"])
@roles_required(*COACHES)
def action_done(client_id: int, checkpoint_id: int, action_id: int):
    client = load_client(client_id)
    cp = of_client(Checkpoint, checkpoint_id, client)
    action = db.session.get(CheckpointAction, action_id)
    if action is None or action.checkpoint_id != cp.id:
        abort(404)
    submit_action(
        ConfirmForm(), lambda: checkpoint_service.complete_action(action, cp, current_user)
    )
    return _to_checkpoint(client, cp)


@bp.route("/checkpoints/<int:checkpoint_id>/close", methods=["POST"])
@roles_required(*COACHES)
def close_checkpoint(client_id: int, checkpoint_id: int):
    client = load_client(client_id)
    cp = of_client(Checkpoint, checkpoint_id, client)
    submit_action(
        ConfirmForm(),
        lambda: checkpoint_service.close(cp, client, current_user),
        success=_("Check Point closed."),
    )
    if cp.is_open:  # refused: the coach stays where the missing decision is recorded
        return _to_checkpoint(client, cp)
    return back(client, "checkpoints")
