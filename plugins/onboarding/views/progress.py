"""Following the agreed model at a placement: marking its steps done."""

from __future__ import annotations

from flask import abort, redirect, request
from flask_login import current_user

from plugins.onboarding import marking
from plugins.onboarding.forms import MarkDoneForm
from plugins.onboarding.i18n import _
from plugins.onboarding.models import OnboardingProgress
from plugins.onboarding.views.blueprint import bp
from portal.api import (
    ConfirmForm,
    Placement,
    Role,
    RuleError,
    accepts_files,
    db,
    employer_may_see,
    get_client_or_404,
    read_upload,
    roles_required,
    safe_next,
    submit_action,
)


def _progress(progress_id: int) -> OnboardingProgress:
    """The progress of a placement the signed-in user may see (else 404)."""
    progress = db.session.get(OnboardingProgress, progress_id)
    if progress is None:
        abort(404)
    placement = db.session.get(Placement, progress.placement_id)
    get_client_or_404(current_user, placement.client_id)
    if current_user.role == Role.EMPLOYER and not (
        placement.company_id == current_user.company_id and employer_may_see(placement)
    ):
        abort(404)
    return progress


def _photo() -> bytes | None:
    """The photo sent with the form, if one was chosen (an empty file field sends no name)."""
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return None
    return read_upload(upload.stream)


@bp.route("/progress/<int:progress_id>/steps/<key>", methods=["POST"])
@roles_required("coach", "employer", "client")
@accepts_files("photo")
def mark(progress_id: int, key: str):
    progress = _progress(progress_id)
    form = MarkDoneForm()
    submit_action(
        form,
        lambda: marking.mark_done(
            progress,
            key,
            form.done_on.data,
            form.comment.data or "",
            current_user,
            photo=_photo(),
        ),
        success=_("Step marked done."),
        invalid=_("Give the date the step was done."),
    )
    return redirect(safe_next(request.form.get("next")))


@bp.route("/progress/<int:progress_id>/steps/<key>/photos", methods=["POST"])
@roles_required("coach", "employer", "client")
@accepts_files("photo")
def add_photo(progress_id: int, key: str):
    """A photo (or PDF) of a step already marked done."""
    progress = _progress(progress_id)

    def act() -> None:
        photo = _photo()
        if photo is None:
            raise RuleError(_("Choose a photo to add."))
        marking.add_photo(progress, key, photo, current_user)

    submit_action(ConfirmForm(), act, success=_("The photo was added."))
    return redirect(safe_next(request.form.get("next")))
