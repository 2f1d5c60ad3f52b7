"""A client's recognition plan: the target qualification and the units chosen from it."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from plugins.recognition import queries, services, versions
from plugins.recognition.forms import InviteTeacherForm, QualificationForm, UnitsForm
from plugins.recognition.i18n import _
from plugins.recognition.models import RecognitionPlan, RecognitionQualification
from plugins.recognition.views.blueprint import STAFF, bp, points
from portal.api import (
    Client,
    Role,
    get_client_or_404,
    roles_required,
    submit_form,
    teachers_of,
)
from portal.api import in_user_language as loc


def _show_expired() -> bool:
    return request.values.get("expired") == "1"


def _qualification_choices(
    current: int | None,
) -> tuple[list[SelectChoice], RecognitionQualification | None]:
    """Versions offered as the target: valid ones (and the current target), expired ones
    too when asked for; and the current target among them (no second statement)."""
    offered = versions.qualifications(expired=_show_expired(), keep=current)
    target = next((q for q in offered if q.id == current), None) if current else None
    return [SelectChoice(q.id, versions.label(q)) for q in offered], target


def _units_form(plan: RecognitionPlan | None, rows) -> UnitsForm:
    form = UnitsForm()
    if plan is None:
        form.units.choices = []
        return form
    present = {pu.unit_id for pu, _u, _m in rows}
    form.units.choices = [
        SelectChoice(u.id, f"{loc(u.name)} ({points(m)})")
        for m, u in queries.members(plan.qualification_id)
        if u.id not in present
    ]
    return form


def plan_page(client: Client, *, qual_form=None, units_form=None, teacher_form=None, status=200):
    plan, _target, rows = queries.plan_with_units(client.id)
    if qual_form is None:
        qual_form = QualificationForm(qualification=plan.qualification_id if plan else None)
    qual_form.qualification.choices, qual = _qualification_choices(
        plan.qualification_id if plan else None
    )
    units_form = units_form or _units_form(plan, rows)
    return render_template(
        "recognition/plan.html",
        client=client,
        plan=plan,
        qual=qual,
        rows=rows,
        qual_form=qual_form,
        units_form=units_form,
        show_expired=_show_expired(),
        teacher_form=teacher_form or InviteTeacherForm(),
        teachers=teachers_of(client),
        is_teacher=current_user.role == Role.TEACHER,
    ), status


@bp.route("/clients/<int:client_id>", methods=["GET", "POST"])
@roles_required(*STAFF, "teacher")
def plan(client_id: int):
    client = get_client_or_404(current_user, client_id)
    if request.method != "POST":
        return plan_page(client)
    if current_user.role == Role.TEACHER:
        abort(403)  # the teacher reads the plan; the coach makes it
    form = QualificationForm()
    current = queries.plan_of(client.id)
    form.qualification.choices, _target = _qualification_choices(
        current.qualification_id if current else None
    )
    submission = submit_form(
        form,
        lambda: services.choose_qualification(client, form.qualification.data, current_user),
        success=_("Target qualification saved."),
    )
    if not submission.saved:
        return plan_page(client, qual_form=form, status=submission.status)
    return redirect(url_for("recognition.plan", client_id=client.id))


@bp.route("/clients/<int:client_id>/units", methods=["POST"])
@roles_required(*STAFF)
def add_units(client_id: int):
    client = get_client_or_404(current_user, client_id)
    plan_row = queries.plan_of(client.id) or abort(404)
    form = _units_form(plan_row, queries.plan_units(plan_row.id))
    submission = submit_form(
        form,
        lambda: services.add_units(plan_row, form.units.data or [], current_user),
        success=_("Units added to the plan."),
    )
    if not submission.saved:
        return plan_page(client, units_form=form, status=submission.status)
    return redirect(url_for("recognition.plan", client_id=client.id))
