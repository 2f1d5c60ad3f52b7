"""A competence demonstration as its assessors see it, and its assessment."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from plugins.recognition import demonstrations, photos, queries, scales
from plugins.recognition.forms import grade_form
from plugins.recognition.i18n import _
from plugins.recognition.models import (
    DECIDED,
    RecognitionDemonstration,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionUnit,
)
from plugins.recognition.views.blueprint import STAFF, bp
from portal.api import (
    Client,
    ConfirmForm,
    Role,
    RuleError,
    accepts_files,
    attachments_of,
    db,
    get_client_or_404,
    read_upload,
    roles_required,
    submit_action,
    submit_form,
)
from portal.api import in_user_language as loc


def _demonstration(demo_id: int) -> tuple[RecognitionDemonstration, Client]:
    """The working-life assessor reaches their own demonstrations; staff those of their clients."""
    demo = queries.demonstration(demo_id) or abort(404)
    pu = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    plan_row = db.session.get(RecognitionPlan, pu.plan_id)
    if current_user.role == Role.EMPLOYER:
        if not demonstrations.assessor_may_reach(demo, current_user):
            abort(404)
        client = db.session.get(Client, plan_row.client_id)
    elif current_user.role == Role.TEACHER:
        if demo.teacher_id != current_user.id:
            abort(404)
        client = get_client_or_404(current_user, plan_row.client_id)  # while invited
    else:
        client = get_client_or_404(current_user, plan_row.client_id)
    return demo, client


def _defaults(demo: RecognitionDemonstration) -> dict:
    """The form's answers as saved so far."""
    defaults = {f"target_{k}": g.grade for k, g in queries.grades(demo.id).items()}
    if demo.grade:
        defaults |= {
            "overall": demo.grade,
            "assessed_on": demo.assessed_on,
            "decided_by": demo.decided_by,
            "discussion": demo.discussion,
            "comment": demo.comment,
        }
    return defaults


@bp.route("/demonstrations/<int:demo_id>", methods=["GET", "POST"])
@roles_required(*STAFF, "employer", "teacher")
def demonstration(demo_id: int):
    demo, client = _demonstration(demo_id)
    pu = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    found = db.session.get(RecognitionUnit, pu.unit_id)
    targets = queries.targets(found.id)
    levels = scales.levels(found.scale)
    form_class = grade_form(targets, levels, {t.id: loc(t.title) for t in targets})
    defaults = _defaults(demo)
    form = form_class(data=defaults if request.method == "GET" else None, version=demo.version)
    status = 200
    if request.method == "POST":

        def save() -> None:
            grades = demonstrations.GradeData(
                grades={t.id: getattr(form, f"target_{t.id}").data or "" for t in targets},
                overall=form.overall.data or "",
                assessed_on=form.assessed_on.data,
                decided_by=form.decided_by.data or [],
                discussion=form.discussion.data or [],
                comment=form.comment.data or "",
            )
            demonstrations.grade(demo, targets, grades, current_user)

        submission = submit_form(
            form,
            save,
            record=demo,
            success=_("Assessment saved."),
        )
        if submission.saved:
            if current_user.role == Role.EMPLOYER:  # grading closes it to the assessor
                return redirect(url_for("main.index"))
            return redirect(url_for("recognition.demonstration", demo_id=demo.id))
        status = submission.status
    return render_template(
        "recognition/demonstration.html",
        demo=demo,
        client=client,
        unit=found,
        targets=targets,
        form=form,
        levels=levels,
        editable=pu.status not in DECIDED and demo.cancelled_on is None,
        files=attachments_of(photos.DEMONSTRATION, [demo.id])[demo.id],
    ), status


@bp.route("/demonstrations/<int:demo_id>/photos", methods=["POST"])
@roles_required(*STAFF, "employer", "teacher")
@accepts_files("photo")
def add_photo(demo_id: int):
    """A photo or PDF of the work, as evidence of the demonstration."""
    demo, client = _demonstration(demo_id)

    def act() -> None:
        upload = request.files.get("photo")
        if upload is None or not upload.filename:
            raise RuleError(_("Choose a photo to add."))
        caption = request.form.get("caption", "")
        photos.add(demo, client.id, read_upload(upload.stream), current_user, caption)

    submit_action(ConfirmForm(), act, success=_("The photo was added."))
    return redirect(url_for("recognition.demonstration", demo_id=demo.id))
