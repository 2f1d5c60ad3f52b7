"""Check Points: open one, record the re-assessment, decision and plan, settle actions, close.

The open Check Point is one HTML form: every button (save, add action, mark done, carry over,
close) posts everything typed on the page, and each one saves that draft along with its own
change, so pressing one never loses what was typed for another. A refusal shows the page again
with what was typed.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal.access.permissions import roles_required
from portal.app import clock
from portal.app.editing import REJECTED, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm
from portal.app.rules import RuleError
from portal.models import Checkpoint, CheckpointAction, CheckpointSource, Client, CoachVisit
from portal.pathway import checkpoints as checkpoint_service
from portal.pathway import intensified
from portal.pathway.forms import ActionForm, CarryOverForm, CheckpointForm, OpenCheckpointForm
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


def _text(field) -> str:
    return (field.data or "").strip()


def _draft_of(form: CheckpointForm) -> checkpoint_service.Draft:
    return checkpoint_service.Draft(
        assessment=checkpoint_service.Assessment(
            reassessment=_text(form.reassessment),
            no_reassessment_reason=_text(form.no_reassessment_reason),
            decision=form.decision.data or "",
            decision_notes=_text(form.decision_notes),
            next_meeting=form.next_meeting.data,
        ),
        plan=intensified.PlanData(
            visits_per_week=form.visits_per_week.data,
            weeks=form.plan_weeks.data,
            check_ins_per_week=form.check_ins_per_week.data,
            focus_skill=form.focus_skill.data or "",
            start_date=form.plan_start.data,
        ),
        version=form.version.data or "",
    )


def _posted_draft(form: CheckpointForm) -> checkpoint_service.Draft | None:
    """The page's draft when the whole page was posted (a bare button posts no version)."""
    if "version" not in request.form:
        return None
    if not form.validate():
        raise RuleError(_l("Check the Check Point fields marked below."))
    return _draft_of(form)


def _stored_form(checkpoint: Checkpoint) -> CheckpointForm:
    """The form filled from the stored Check Point and its plan."""
    form = CheckpointForm(formdata=None, obj=checkpoint)
    plan = intensified.plan_of(checkpoint)
    if plan is not None:
        form.visits_per_week.data = plan.visits_per_week
        form.plan_weeks.data = plan.weeks
        form.check_ins_per_week.data = plan.check_ins_per_week
        form.focus_skill.data = plan.focus_skill
        form.plan_start.data = plan.start_date
    return form


def _page(
    client: Client,
    checkpoint: Checkpoint,
    form: CheckpointForm,
    *,
    status: int = 200,
    action_form: ActionForm | None = None,
    carry: tuple[int, CarryOverForm] | None = None,
    problems: list[str] | None = None,
):
    actions = db.session.scalars(
        select(CheckpointAction)
        .where(CheckpointAction.checkpoint_id == checkpoint.id)
        .order_by(CheckpointAction.due_date)
    ).all()
    carry_forms = {a.id: CarryOverForm(prefix=f"carry-{a.id}", formdata=None) for a in actions}
    if carry is not None:
        carry_forms[carry[0]] = carry[1]
    plan = intensified.plan_of(checkpoint)
    visits = (
        db.session.scalars(
            select(CoachVisit).where(CoachVisit.plan_id == plan.id).order_by(CoachVisit.due_date)
        ).all()
        if plan is not None
        else []
    )
    form.version.data = checkpoint.version
    return render_template(
        "pathway/checkpoint.html",
        client=client,
        checkpoint=checkpoint,
        form=form,
        action_form=action_form or ActionForm(formdata=None),
        carry_forms=carry_forms,
        actions=actions,
        plan=plan,
        visits=visits,
        problems=problems or [],
        today=clock.today(),
    ), status


def _load(client_id: int, checkpoint_id: int) -> tuple[Client, Checkpoint]:
    client = load_client(client_id)
    return client, of_client(Checkpoint, checkpoint_id, client)


def _action_of(checkpoint: Checkpoint, action_id: int) -> CheckpointAction:
    action = db.session.get(CheckpointAction, action_id)
    if action is None or action.checkpoint_id != checkpoint.id:
        abort(404)
    return action


@bp.route("/checkpoints/<int:checkpoint_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def checkpoint(client_id: int, checkpoint_id: int):
    client, cp = _load(client_id, checkpoint_id)
    form = CheckpointForm() if request.method == "POST" else _stored_form(cp)

    def save() -> None:
        draft = _draft_of(form)
        checkpoint_service.record_assessment(cp, draft.assessment, current_user, draft.plan)

    submission = submit_form(form, save, record=cp)
    if submission.saved:
        return _to_checkpoint(client, cp)
    return _page(client, cp, form, status=submission.status)


def _with_draft(
    client: Client, checkpoint: Checkpoint, own_form: FlaskForm, change, **page_kw
) -> Response | tuple:
    """Run ``change(draft)`` for a button of the page; refused, show the page as typed."""
    form = CheckpointForm()
    submission = submit_form(own_form, lambda: change(_posted_draft(form)))
    if submission.saved:
        return _to_checkpoint(client, checkpoint)
    return _page(client, checkpoint, form, status=REJECTED, **page_kw)


@bp.route("/checkpoints/<int:checkpoint_id>/actions", methods=["POST"])
@roles_required(*COACHES)
def add_action(client_id: int, checkpoint_id: int):
    client, cp = _load(client_id, checkpoint_id)
    form = ActionForm()
    return _with_draft(
        client,
        cp,
        form,
        lambda draft: checkpoint_service.add_action(
            cp,
            current_user,
            description=form.description.data,
            owner=form.owner.data or "",
            owner_kind=form.owner_kind.data,
            due=form.due_date.data,
            draft=draft,
        ),
        action_form=form,
    )


@bp.route("/checkpoints/<int:checkpoint_id>/actions/<int:action_id>/done", methods=["POST"])
@roles_required(*COACHES)
def action_done(client_id: int, checkpoint_id: int, action_id: int):
    client, cp = _load(client_id, checkpoint_id)
    action = _action_of(cp, action_id)
    return _with_draft(
        client,
        cp,
        ConfirmForm(),
        lambda draft: checkpoint_service.complete_action(action, cp, current_user, draft),
    )


@bp.route("/checkpoints/<int:checkpoint_id>/actions/<int:action_id>/carry", methods=["POST"])
@roles_required(*COACHES)
def carry_over(client_id: int, checkpoint_id: int, action_id: int):
    client, cp = _load(client_id, checkpoint_id)
    action = _action_of(cp, action_id)
    form = CarryOverForm(prefix=f"carry-{action.id}")
    return _with_draft(
        client,
        cp,
        form,
        lambda draft: checkpoint_service.carry_over(
            action, cp, current_user, form.new_date.data, draft
        ),
        carry=(action.id, form),
    )


@bp.route("/checkpoints/<int:checkpoint_id>/close", methods=["POST"])
@roles_required(*COACHES)
def close_checkpoint(client_id: int, checkpoint_id: int):
    client, cp = _load(client_id, checkpoint_id)
    confirm = ConfirmForm()
    form = CheckpointForm()
    submission = submit_form(
        confirm,
        lambda: checkpoint_service.close(cp, client, current_user, draft=_posted_draft(form)),
        success=_("Check Point closed."),
    )
    if submission.saved:
        return back(client, "checkpoints")
    if "version" not in request.form:  # a bare close button: show the stored Check Point
        form = _stored_form(cp)
    return _page(client, cp, form, status=REJECTED, problems=confirm.form_errors)
