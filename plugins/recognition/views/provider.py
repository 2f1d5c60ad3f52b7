"""The education provider's pages: the coach invites a teacher; the teacher enters the
school's identifiers and confirms or returns the coach's decisions."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from plugins.recognition import provider, queries
from plugins.recognition.forms import ConfirmDecisionForm, InviteTeacherForm, SchoolDetailsForm
from plugins.recognition.i18n import _
from plugins.recognition.views.blueprint import bp
from plugins.recognition.views.plan_units import plan_unit_or_back, unit_page
from plugins.recognition.views.plans import plan_page
from portal.api import (
    CASEWORKERS,
    ConfirmForm,
    confirmation_page,
    end_teacher_access,
    get_client_or_404,
    roles_required,
    submit_action,
    submit_form,
    teachers_of,
)


@bp.route("/clients/<int:client_id>/teachers", methods=["POST"])
@roles_required(*CASEWORKERS)
def invite_teacher(client_id: int):
    client = get_client_or_404(current_user, client_id)
    form = InviteTeacherForm()
    submission = submit_form(
        form,
        lambda: provider.invite(client, form.email.data or "", form.name.data or "", current_user),
        success=_("The teacher was invited by email."),
    )
    if not submission.saved:
        return plan_page(client, teacher_form=form, status=submission.status)
    return redirect(url_for("recognition.plan", client_id=client.id))


@bp.route("/clients/<int:client_id>/teachers/<int:teacher_id>/end", methods=["POST"])
@roles_required(*CASEWORKERS)
def end_teacher(client_id: int, teacher_id: int):
    client = get_client_or_404(current_user, client_id)
    if teacher_id not in {t.id for t in teachers_of(client)}:
        abort(404)
    asked = confirmation_page(
        _("End the teacher's access?"),
        _("End the access"),
        _("The teacher no longer sees the young person's plan."),
    )
    if asked:
        return asked
    submit_action(
        ConfirmForm(),
        lambda: end_teacher_access(client, teacher_id, current_user),
        success=_("The teacher no longer sees the young person."),
    )
    return redirect(url_for("recognition.plan", client_id=client.id))


@bp.route("/clients/<int:client_id>/school", methods=["GET", "POST"])
@roles_required("teacher")
def school_details(client_id: int):
    client = get_client_or_404(current_user, client_id)
    plan = queries.plan_of(client.id) or abort(404)
    form = SchoolDetailsForm(obj=plan)
    submission = submit_form(
        form,
        lambda: provider.save_school_details(
            plan,
            provider.SchoolDetails(
                learner_oid=form.learner_oid.data or "",
                study_right_oid=form.study_right_oid.data or "",
                school_oid=form.school_oid.data or "",
                hoks_approved_on=form.hoks_approved_on.data,
            ),
            current_user,
        ),
        record=plan,
        success=_("The school's details were saved."),
    )
    if submission.saved:
        return redirect(url_for("recognition.plan", client_id=client.id))
    return render_template("recognition/school.html", client=client, form=form), submission.status


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/confirm", methods=["POST"])
@roles_required("teacher")
def confirm_decision(client_id: int, unit_id: int):
    client = get_client_or_404(current_user, client_id)
    pu = plan_unit_or_back(client, unit_id)
    form = ConfirmDecisionForm()
    returning = bool(form.send_back.data)

    def save() -> None:
        comment = form.comment.data or ""
        if returning:
            provider.send_back(pu, comment, current_user)
        else:
            provider.confirm(pu, comment, current_user)

    submission = submit_form(
        form,
        save,
        record=pu,
        success=_("The decision was returned to the coach.")
        if returning
        else _("The decision was confirmed."),
    )
    if not submission.saved:
        return unit_page(client, unit_id, submission.status, confirm_form=form)
    return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))
