"""Opening an attached file (only through the target's rule) and removing one's own."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.access.permissions import signed_in_required
from portal.app.confirm import confirmation_page
from portal.app.editing import submit_action
from portal.app.forms import ConfirmForm
from portal.app.security import safe_next
from portal.attachments import service

bp = Blueprint("attachments", __name__, url_prefix="/attachments")

#: The file is data, never a document: nothing in it runs, loads or frames anything.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@bp.route("/<int:attachment_id>")
@signed_in_required
def open_file(attachment_id: int):
    found = service.open_for(current_user, attachment_id)
    if found is None:
        abort(404)
    row, data = found
    name = f"polku-{row.id}.{row.extension}"
    # Photos show in the browser; a PDF is always a download, opened by a reader program.
    disposition = "inline" if row.is_image else "attachment"
    response = Response(data, mimetype=row.content_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response.headers["Content-Security-Policy"] = FILE_CSP
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@bp.route("/<int:attachment_id>/remove", methods=["POST"])
@signed_in_required
def remove(attachment_id: int):
    if service.removable(attachment_id, current_user) is None:
        abort(404)  # not theirs, or not there: the same answer
    asked = confirmation_page(
        _("Remove the file?"), _("Remove"), _("The file is deleted for good.")
    )
    if asked:
        return asked
    form = ConfirmForm()

    def act() -> None:
        if service.remove(attachment_id, current_user) is None:
            abort(404)  # not theirs, or not there: the same answer

    submit_action(
        form,
        act,
        success=_("The file was removed."),
        invalid=_("The file was not removed. Try again."),
    )
    return redirect(safe_next(request.form.get("next")))
