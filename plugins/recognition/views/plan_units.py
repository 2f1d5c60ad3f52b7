"""A unit in a client's plan: its page, evidence, status moves, the decision, demonstrations
planned for it, and taking it out of the plan."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from plugins.recognition import demonstrations, photos, queries, services
from plugins.recognition.forms import (
    STATUS_LABELS,
    ConfirmDecisionForm,
    DecisionForm,
    DemonstrationForm,
    EvidenceForm,
    MoveForm,
    ReasonForm,
    ReopenForm,
    UnlinkForm,
)
from plugins.recognition.i18n import _
from plugins.recognition.models import (
    DECIDED,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionUnit,
)
from plugins.recognition.views.blueprint import STAFF, bp
from portal.api import (
    Client,
    ConfirmForm,
    Role,
    VersionedForm,
    attachment_counts,
    collect,
    confirmation_page,
    db,
    get_client_or_404,
    roles_required,
    submit_action,
    submit_form,
    teachers_of,
)


def plan_unit_or_back(client: Client, unit_id: int) -> RecognitionPlanUnit:
    """The client's plan row for catalog unit ``unit_id``; if it is not in the plan, back to the
    plan page with a message."""
    found = queries.plan_unit_of(client.id, unit_id)
    if found is None:
        flash(_("This unit is not in the client's plan."), "error")
        abort(redirect(url_for("recognition.plan", client_id=client.id)))
    return found


def _move_choices(pu: RecognitionPlanUnit) -> list[SelectChoice]:
    return [SelectChoice(s, STATUS_LABELS[s]) for s in services.MOVES.get(pu.status, ())]


def unit_page(client: Client, unit_id: int, status: int = 200, **forms):
    pu = plan_unit_or_back(client, unit_id)
    found = db.session.get(RecognitionUnit, pu.unit_id)
    plan_row = db.session.get(RecognitionPlan, pu.plan_id)
    evidence_form = forms.get("evidence_form") or EvidenceForm()
    evidence_form.source.choices = [SelectChoice("", _("(none: describe in the note)"))] + [
        SelectChoice(c.ref, c.label) for c in _evidence_choices(client)
    ]
    move_form = forms.get("move_form") or MoveForm(version=pu.version)
    move_form.status.choices = _move_choices(pu)
    decision_form = forms.get("decision_form") or DecisionForm(version=pu.version)
    demo_form = forms.get("demo_form") or DemonstrationForm()
    _demo_choices(demo_form, client)
    evidence = queries.evidence(pu.id)
    demos = queries.demonstrations_with_grades([pu.id])
    # Photos of the demonstrations count as evidence of the unit, beside the linked items.
    demo_files = attachment_counts(photos.DEMONSTRATION, [demo.id for demo, _g in demos])
    return render_template(
        "recognition/plan_unit.html",
        client=client,
        pu=pu,
        unit=found,
        member=queries.member(plan_row.qualification_id, found.id),
        evidence=evidence,
        history=queries.history(pu.id),
        demos=demos,
        demo_files=demo_files,
        evidence_count=len(evidence) + sum(demo_files.values()),
        decided=pu.status in DECIDED,
        evidence_form=evidence_form,
        move_form=move_form,
        decision_form=decision_form,
        demo_form=demo_form,
        is_teacher=current_user.role == Role.TEACHER,
        cancel_form=forms.get("cancel_form") or ReasonForm(),
        unlink_form=UnlinkForm(),
        reopen_form=forms.get("reopen_form") or ReopenForm(version=pu.version),
        confirm_form=forms.get("confirm_form") or ConfirmDecisionForm(version=pu.version),
    ), status


def _evidence_choices(client: Client) -> list[services.EvidenceChoice]:
    return services.evidence_choices(client, collect("portal_evidence_items", client=client))


def _demo_choices(form: DemonstrationForm, client: Client) -> None:
    form.teacher.choices = [SelectChoice("", _("(none: name the assessor below)"))] + [
        SelectChoice(t.id, t.name) for t in teachers_of(client)
    ]
    form.company.choices = [SelectChoice(c.id, c.name) for c in queries.active_companies()]
    form.employer_assessor.choices = [
        SelectChoice(u.id, f"{u.name} ({name})") for u, name in queries.employer_assessors()
    ]


@bp.route("/clients/<int:client_id>/units/<int:unit_id>")
@roles_required(*STAFF, "teacher")
def plan_unit(client_id: int, unit_id: int):
    return unit_page(get_client_or_404(current_user, client_id), unit_id)


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/evidence", methods=["POST"])
@roles_required(*STAFF)
def add_evidence(client_id: int, unit_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    form = EvidenceForm()
    choices = {c.ref: c for c in _evidence_choices(client)}
    form.source.choices = [SelectChoice("", "")] + [
        SelectChoice(ref, c.label) for ref, c in choices.items()
    ]
    submission = submit_form(
        form,
        lambda: services.add_evidence(
            pu, choices.get(form.source.data or ""), form.note.data or "", current_user
        ),
        success=_("Evidence linked."),
    )
    if not submission.saved:
        return unit_page(client, unit_id, submission.status, evidence_form=form)
    return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))


def _change_unit(
    client: Client,
    unit_id: int,
    pu: RecognitionPlanUnit,
    form_name: str,
    form: VersionedForm,
    save: Callable[[], None],
    message: str,
):
    """Answer a form that changes the unit: 400 with the form when it or a rule refuses, 409 when
    someone else changed the unit meanwhile, else back to the unit's page with ``message``."""
    submission = submit_form(form, save, record=pu, success=message)
    if not submission.saved:
        return unit_page(client, unit_id, submission.status, **{form_name: form})
    return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/status", methods=["POST"])
@roles_required(*STAFF)
def move(client_id: int, unit_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    form = MoveForm()
    form.status.choices = _move_choices(pu)

    def save() -> None:
        services.move(pu, form.status.data, current_user, form.reason.data or "")

    return _change_unit(client, unit_id, pu, "move_form", form, save, _("Status changed."))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/decide", methods=["POST"])
@roles_required(*STAFF)
def decide(client_id: int, unit_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    form = DecisionForm()

    def save() -> None:
        points = float(form.points.data) if form.points.data is not None else None
        services.decide(
            pu, form.outcome.data, points, form.decided_on.data, form.reason.data, current_user
        )

    return _change_unit(client, unit_id, pu, "decision_form", form, save, _("Decision recorded."))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/remove", methods=["POST"])
@roles_required(*STAFF)
def remove_unit(client_id: int, unit_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    asked = confirmation_page(
        _("Remove the unit from the plan?"),
        _("Remove from the plan"),
        _("The evidence linked to it in this plan is removed with it."),
    )
    if asked:
        return asked
    if not submit_action(
        ConfirmForm(), lambda: services.remove_unit(pu), success=_("Unit removed from the plan.")
    ):
        return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))
    return redirect(url_for("recognition.plan", client_id=client.id))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/demonstrations", methods=["POST"])
@roles_required(*STAFF)
def plan_demonstration(client_id: int, unit_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    form = DemonstrationForm()
    _demo_choices(form, client)
    submission = submit_form(
        form,
        lambda: demonstrations.plan(pu, _demonstration_data(form), current_user),
        success=_("Demonstration planned; the assessor was told by email."),
    )
    if not submission.saved:
        return unit_page(client, unit_id, submission.status, demo_form=form)
    return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))


def _demonstration_data(form: DemonstrationForm) -> demonstrations.DemonstrationData:
    return demonstrations.DemonstrationData(
        company_id=form.company.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        tasks=form.tasks.data.strip(),
        teacher_name=(form.teacher_name.data or "").strip(),
        employer_assessor_id=form.employer_assessor.data,
        teacher_id=form.teacher.data,
        individual_criteria=(form.individual_criteria.data or "").strip(),
    )
