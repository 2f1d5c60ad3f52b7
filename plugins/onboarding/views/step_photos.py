"""Workplace photos of a model's steps, added by the company's supervisor or the coach."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user

from plugins.onboarding import photos
from plugins.onboarding.i18n import _
from plugins.onboarding.views.blueprint import EDITORS, bp, model_or_404
from portal.api import (
    ConfirmForm,
    RuleError,
    accepts_files,
    read_upload,
    roles_required,
    submit_action,
)


@bp.route("/models/<int:model_id>/steps/<key>/photos", methods=["POST"])
@roles_required(*EDITORS)
@accepts_files("photo")
def add_step_photo(model_id: int, key: str):
    model = model_or_404(model_id)

    def act() -> None:
        upload = request.files.get("photo")
        if upload is None or not upload.filename:
            raise RuleError(_("Choose a photo to add."))
        photos.add_step_photo(model, key, read_upload(upload.stream), current_user)

    submit_action(ConfirmForm(), act, success=_("The photo was added."))
    return redirect(url_for("onboarding.model", model_id=model.id))
