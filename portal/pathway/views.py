"""The coach's pathway pages for one client: phase, intake, placements, Check Points,
job search, outcome, follow-ups, referrals and the timeline."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectChoice

from portal.access import audit
from portal.access.permissions import roles_required
from portal.access.scoping import get_client_or_404
from portal.app import clock
from portal.app.concurrency import CONFLICT, save_edit
from portal.app.extensions import db
from portal.app.forms import ConfirmForm, show_rule_error
from portal.app.rules import RuleError
from portal.clients.overview import load_client_file, timeline_entries
from portal.models import (
    Checkpoint,
    CheckpointAction,
    CheckpointSource,
    Client,
    Company,
    Consent,
    ConsentScope,
    ContactNote,
    FollowUp,
    JobSearchActivity,
    NetworkPartner,
    PathwayState,
    Placement,
    PriorLearning,
    Referral,
    Role,
    User,
)
from portal.models.base import utcnow
from portal.pathway import checkpoints as checkpoint_service
from portal.pathway import outcomes as outcome_service
from portal.pathway import placements as placement_service
from portal.pathway.forms import (
    NOT_CHOSEN,
    ActionForm,
    CheckpointForm,
    ConsentForm,
    ContactForm,
    EndPlacementForm,
    FollowUpForm,
    InterruptionForm,
    JobSearchForm,
    JobSearchResultForm,
    OpenCheckpointForm,
    OutcomeForm,
    PlacementForm,
    PriorLearningForm,
    ReferralForm,
    ReferralResultForm,
    TransitionForm,
)
from portal.pathway.transitions import move_by_hand

bp = Blueprint("pathway", __name__, url_prefix="/clients/<int:client_id>")

COACHES = ("coach", "admin")


def _client(client_id: int) -> Client:
    return get_client_or_404(current_user, client_id)


def _back(client: Client, anchor: str = ""):
    return redirect(
        url_for("clients.detail", client_id=client.id) + (f"#{anchor}" if anchor else "")
    )


def _form_page(client: Client, form: FlaskForm, title, *, status: int = 200, **context):
    return render_template(
        "pathway/form.html", client=client, form=form, title=title, **context
    ), status


def _simple_entry(
    client_id: int,
    form: FlaskForm,
    title,
    build: Callable[[Client], object],
    anchor: str,
    action: str,
):
    """A page that adds one record to the client: validate, build, audit, commit."""
    client = _client(client_id)
    if form.validate_on_submit():
        record = build(client)
        db.session.add(record)
        db.session.flush()
        audit.record(
            action, client_id=client.id, object_type=action.split(".")[0], object_id=record.id
        )
        db.session.commit()
        flash(_("Saved."), "success")
        return _back(client, anchor)
    return _form_page(client, form, title, status=400 if request.method == "POST" else 200)


@bp.route("/state", methods=["POST"])
@roles_required(*COACHES)
def change_state(client_id: int):
    client = _client(client_id)
    form = TransitionForm()
    form.target.choices = [SelectChoice(s.value) for s in PathwayState]
    if form.validate_on_submit():
        try:
            move_by_hand(client, form.target.data, current_user, form.reason.data or "")
        except RuleError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return _back(client, "phase")
        flash(_("The phase was changed."), "success")
    return _back(client, "phase")


@bp.route("/prior-learning/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_prior_learning(client_id: int):
    form = PriorLearningForm()
    return _simple_entry(
        client_id,
        form,
        _l("Add prior learning"),
        lambda c: PriorLearning(
            client_id=c.id,
            what=form.what.data.strip(),
            where=(form.where.data or "").strip(),
            duration=(form.duration.data or "").strip(),
            evidence=(form.evidence.data or "").strip(),
        ),
        "intake",
        "prior_learning.create",
    )


@bp.route("/contacts/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_contact(client_id: int):
    form = ContactForm()
    return _simple_entry(
        client_id,
        form,
        _l("Record a contact"),
        lambda c: ContactNote(
            client_id=c.id,
            on=form.on.data,
            channel=form.channel.data,
            summary=(form.summary.data or "").strip(),
            author_id=current_user.id,
        ),
        "contacts",
        "contact.create",
    )


@bp.route("/job-search/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_job_search(client_id: int):
    form = JobSearchForm()
    return _simple_entry(
        client_id,
        form,
        _l("Add a job-search entry"),
        lambda c: job_search_entry(c, form),
        "job-search",
        "job_search.create",
    )


def job_search_entry(client: Client, form: JobSearchForm) -> JobSearchActivity:
    return JobSearchActivity(
        client_id=client.id,
        on=form.on.data,
        kind=form.kind.data,
        organisation=form.organisation.data.strip(),
        position=(form.position.data or "").strip(),
        result=form.result.data,
        notes=(form.notes.data or "").strip(),
        author_id=current_user.id,
    )


@bp.route("/consents/new", methods=["GET", "POST"])
@roles_required("coach")
def add_consent(client_id: int):
    form = ConsentForm()
    if (
        form.validate_on_submit()
        and form.scope.data == ConsentScope.SUPPORT_TEXT
        and not (form.shared_text.data or "").strip()
    ):
        form.shared_text.errors = [_("Write the text the client agreed to share.")]
        return _form_page(_client(client_id), form, _l("Record consent"), status=400)
    return _simple_entry(
        client_id,
        form,
        _l("Record consent"),
        lambda c: Consent(
            client_id=c.id,
            scope=form.scope.data,
            shared_text=(form.shared_text.data or "").strip(),
            recorded_by_id=current_user.id,
        ),
        "consents",
        "consent.create",
    )


@bp.route("/consents/<int:consent_id>/withdraw", methods=["POST"])
@roles_required("coach")
def withdraw_consent(client_id: int, consent_id: int):
    client = _client(client_id)
    consent = db.session.get(Consent, consent_id)
    if consent is None or consent.client_id != client.id:
        abort(404)
    if ConfirmForm().validate_on_submit() and consent.withdrawn_at is None:
        consent.withdrawn_at = utcnow()
        audit.record(
            "consent.withdraw", client_id=client.id, object_type="consent", object_id=consent.id
        )
        db.session.commit()
        flash(_("The consent was withdrawn. Employers no longer see this information."), "success")
    return _back(client, "consents")


def _placement_form(client: Client, placement: Placement | None = None) -> PlacementForm:
    form = PlacementForm(obj=placement)
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name)).all()
    form.company_id.choices = [SelectChoice(c.id, c.name) for c in companies]
    supervisors = db.session.execute(
        select(User.id, User.name, Company.name)
        .join(Company, Company.id == User.company_id)
        .where(User.role == Role.EMPLOYER, User.active.is_(True))
        .order_by(Company.name, User.name)
    ).all()
    form.supervisor_id.choices = [
        SelectChoice(0, NOT_CHOSEN),
        *[SelectChoice(s[0], f"{s[1]} ({s[2]})") for s in supervisors],
    ]
    if request.method == "GET" and placement is not None:
        form.supervisor_id.data = placement.supervisor_id or 0
    return form


def _placement_data(form: PlacementForm) -> placement_service.PlacementData:
    return placement_service.PlacementData(
        company_id=form.company_id.data,
        supervisor_id=form.supervisor_id.data or None,
        kind=form.kind.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        tasks=(form.tasks.data or "").strip(),
        part_time_percent=form.part_time_percent.data,
        length_reason=(form.length_reason.data or "").strip(),
        next_step=(form.next_step.data or "").strip(),
    )


def _placement(client: Client, placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.client_id != client.id:
        abort(404)
    return placement


@bp.route("/placements/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_placement(client_id: int):
    client = _client(client_id)
    form = _placement_form(client)
    if form.validate_on_submit():
        try:
            placement_service.create(client, _placement_data(form), current_user)
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            flash(_("Placement saved."), "success")
            return _back(client, "placements")
    return _form_page(
        client, form, _l("Add a placement"), status=400 if request.method == "POST" else 200
    )


@bp.route("/placements/<int:placement_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def edit_placement(client_id: int, placement_id: int):
    client = _client(client_id)
    placement = _placement(client, placement_id)
    form = _placement_form(client, placement)
    status = 200
    if form.validate_on_submit():
        try:
            if save_edit(
                placement,
                form.version.data,
                lambda: placement_service.update(
                    placement, client, _placement_data(form), current_user
                ),
            ):
                return _back(client, "placements")
            status = CONFLICT
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
            status = 400
    form.version.data = placement.version
    return _form_page(client, form, _l("Edit placement"), status=status)


@bp.route("/placements/<int:placement_id>/end", methods=["GET", "POST"])
@roles_required(*COACHES)
def end_placement(client_id: int, placement_id: int):
    client = _client(client_id)
    placement = _placement(client, placement_id)
    form = EndPlacementForm()
    if form.validate_on_submit():
        try:
            placement_service.end(
                placement, client, form.on.data, form.reason.data or "", current_user
            )
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            flash(_("The placement has ended."), "success")
            return _back(client, "placements")
    return _form_page(
        client, form, _l("End placement"), status=400 if request.method == "POST" else 200
    )


@bp.route("/placements/<int:placement_id>/interruptions/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_interruption(client_id: int, placement_id: int):
    client = _client(client_id)
    placement = _placement(client, placement_id)
    form = InterruptionForm()
    if form.validate_on_submit():
        try:
            placement_service.interrupt(
                placement,
                form.start_date.data,
                form.end_date.data,
                form.reason.data or "",
                current_user,
            )
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _back(client, "placements")
    return _form_page(
        client, form, _l("Add an interruption"), status=400 if request.method == "POST" else 200
    )


@bp.route("/checkpoints/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def open_checkpoint(client_id: int):
    client = _client(client_id)
    form = OpenCheckpointForm()
    if request.method == "GET" and request.args.get("signal"):
        form.signal.data = request.args["signal"][:40]
    if form.validate_on_submit():
        source = CheckpointSource.RISK_SIGNAL if form.signal.data else CheckpointSource.COACH
        try:
            checkpoint = checkpoint_service.open_checkpoint(
                client,
                current_user,
                source=source,
                difficulty=form.difficulty.data,
                signal=form.signal.data or "",
            )
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            flash(_("Check Point opened."), "success")
            return redirect(
                url_for("pathway.checkpoint", client_id=client.id, checkpoint_id=checkpoint.id)
            )
    return _form_page(
        client, form, _l("Open a Check Point"), status=400 if request.method == "POST" else 200
    )


def _checkpoint(client: Client, checkpoint_id: int) -> Checkpoint:
    checkpoint = db.session.get(Checkpoint, checkpoint_id)
    if checkpoint is None or checkpoint.client_id != client.id:
        abort(404)
    return checkpoint


@bp.route("/checkpoints/<int:checkpoint_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def checkpoint(client_id: int, checkpoint_id: int):
    client = _client(client_id)
    cp = _checkpoint(client, checkpoint_id)
    form = CheckpointForm(obj=cp)
    status = 200
    if cp.is_open and form.validate_on_submit():

        def apply() -> None:
            cp.reassessment = (form.reassessment.data or "").strip()
            cp.decision = form.decision.data or ""
            cp.decision_notes = (form.decision_notes.data or "").strip()
            cp.next_meeting = form.next_meeting.data
            audit.record(
                "checkpoint.update", client_id=client.id, object_type="checkpoint", object_id=cp.id
            )

        if save_edit(cp, form.version.data, apply):
            return redirect(url_for("pathway.checkpoint", client_id=client.id, checkpoint_id=cp.id))
        status = CONFLICT
    form.version.data = cp.version
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
    ), status


@bp.route("/checkpoints/<int:checkpoint_id>/actions", methods=["POST"])
@roles_required(*COACHES)
def add_action(client_id: int, checkpoint_id: int):
    client = _client(client_id)
    cp = _checkpoint(client, checkpoint_id)
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("Give the action, who does it and by when."), "error")
    else:
        try:
            checkpoint_service.add_action(
                cp,
                current_user,
                description=form.description.data,
                owner=form.owner.data,
                due=form.due_date.data,
            )
        except RuleError as error:
            flash(str(error.message), "error")
    return redirect(url_for("pathway.checkpoint", client_id=client.id, checkpoint_id=cp.id))


@bp.route("/checkpoints/<int:checkpoint_id>/actions/<int:action_id>/done", methods=["POST"])
@roles_required(*COACHES)
def action_done(client_id: int, checkpoint_id: int, action_id: int):
    client = _client(client_id)
    cp = _checkpoint(client, checkpoint_id)
    action = db.session.get(CheckpointAction, action_id)
    if action is None or action.checkpoint_id != cp.id:
        abort(404)
    if ConfirmForm().validate_on_submit() and action.done_at is None:
        action.done_at = utcnow()
        db.session.commit()
    return redirect(url_for("pathway.checkpoint", client_id=client.id, checkpoint_id=cp.id))


@bp.route("/checkpoints/<int:checkpoint_id>/close", methods=["POST"])
@roles_required(*COACHES)
def close_checkpoint(client_id: int, checkpoint_id: int):
    client = _client(client_id)
    cp = _checkpoint(client, checkpoint_id)
    if ConfirmForm().validate_on_submit():
        try:
            checkpoint_service.close(cp, client, current_user)
        except RuleError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return redirect(url_for("pathway.checkpoint", client_id=client.id, checkpoint_id=cp.id))
        flash(_("Check Point closed."), "success")
    return _back(client, "checkpoints")


def _outcome_form(client: Client) -> OutcomeForm:
    form = OutcomeForm()
    placed = select(Placement.company_id).where(Placement.client_id == client.id)
    companies = db.session.execute(
        select(Company.id, Company.name).where(Company.id.in_(placed)).order_by(Company.name)
    ).all()
    form.company_id.choices = [
        SelectChoice(0, NOT_CHOSEN),
        *[SelectChoice(c.id, c.name) for c in companies],
    ]
    partners = db.session.execute(
        select(NetworkPartner.id, NetworkPartner.name)
        .where(NetworkPartner.active.is_(True))
        .order_by(NetworkPartner.name)
    ).all()
    form.partner_id.choices = [
        SelectChoice(0, NOT_CHOSEN),
        *[SelectChoice(p.id, p.name) for p in partners],
    ]
    return form


@bp.route("/outcome", methods=["GET", "POST"])
@roles_required(*COACHES)
def record_outcome(client_id: int):
    client = _client(client_id)
    form = _outcome_form(client)
    if form.validate_on_submit():
        data = outcome_service.OutcomeData(
            kind=form.kind.data,
            on=form.on.data,
            company_id=form.company_id.data or None,
            employer_name=form.employer_name.data or "",
            field=form.field.data or "",
            school=form.school.data or "",
            programme=form.programme.data or "",
            study_status=form.study_status.data or "",
            partner_id=form.partner_id.data or None,
            details=form.details.data or "",
        )
        try:
            outcome_service.record(client, data, current_user)
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            flash(
                _("Outcome recorded. Follow-ups in 3 and 6 months are on your worklist."), "success"
            )
            return _back(client, "outcome")
    return _form_page(
        client, form, _l("Record the outcome"), status=400 if request.method == "POST" else 200
    )


@bp.route("/follow-ups/<int:follow_up_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def record_follow_up(client_id: int, follow_up_id: int):
    client = _client(client_id)
    follow_up = db.session.get(FollowUp, follow_up_id)
    if follow_up is None or follow_up.client_id != client.id:
        abort(404)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            outcome_service.record_follow_up(
                follow_up, client, form.result.data, form.notes.data or "", current_user
            )
        except RuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            flash(_("Follow-up recorded."), "success")
            return _back(client, "outcome")
    title = _l("Follow-up after %(months)d months", months=follow_up.months)
    return _form_page(client, form, title, status=400 if request.method == "POST" else 200)


@bp.route("/referrals/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_referral(client_id: int):
    form = ReferralForm()
    partners = db.session.execute(
        select(NetworkPartner.id, NetworkPartner.name)
        .where(NetworkPartner.active.is_(True))
        .order_by(NetworkPartner.name)
    ).all()
    form.partner_id.choices = [SelectChoice(p.id, p.name) for p in partners]
    return _simple_entry(
        client_id,
        form,
        _l("Add a referral"),
        lambda c: Referral(
            client_id=c.id,
            partner_id=form.partner_id.data,
            direction=form.direction.data,
            on=form.on.data,
            reason=form.reason.data.strip(),
            result=(form.result.data or "").strip(),
            author_id=current_user.id,
        ),
        "referrals",
        "referral.create",
    )


@bp.route("/referrals/<int:referral_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def edit_referral(client_id: int, referral_id: int):
    """Write down how a referral turned out."""
    client = _client(client_id)
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.client_id != client.id:
        abort(404)
    form = ReferralResultForm(obj=referral)
    if form.validate_on_submit():
        referral.result = (form.result.data or "").strip()
        audit.record(
            "referral.update", client_id=client.id, object_type="referral", object_id=referral.id
        )
        db.session.commit()
        flash(_("Saved."), "success")
        return _back(client, "referrals")
    return _form_page(
        client, form, _l("Result of the referral"), status=400 if request.method == "POST" else 200
    )


@bp.route("/job-search/<int:entry_id>", methods=["POST"])
@roles_required("coach", "admin", "client")
def update_job_search(client_id: int, entry_id: int):
    """Update the result of an application (the coach, or the client on their own log)."""
    client = _client(client_id)
    entry = db.session.get(JobSearchActivity, entry_id)
    if entry is None or entry.client_id != client.id:
        abort(404)
    form = JobSearchResultForm()
    if form.validate_on_submit():
        entry.result = form.result.data
        audit.record(
            "job_search.update", client_id=client.id, object_type="job_search", object_id=entry.id
        )
        db.session.commit()
        flash(_("Saved."), "success")
    else:
        flash(_("Choose the result."), "error")
    if current_user.role == Role.CLIENT:
        return redirect(url_for("main.index") + "#job-search")
    return _back(client, "job-search")


@bp.route("/timeline")
@roles_required(*COACHES)
def timeline(client_id: int):
    client = _client(client_id)
    return render_template(
        "pathway/timeline.html", client=client, entries=timeline_entries(load_client_file(client))
    )
