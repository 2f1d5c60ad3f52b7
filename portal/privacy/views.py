"""The young person's own data download, and the admin's data-subject request page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.access.scoping import get_client_or_404, visible_clients
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.models import Client
from portal.privacy import erasure
from portal.privacy.forms import ErasureForm
from portal.privacy.periods import schedule_of
from portal.privacy.subject import SubjectExport, export_for
from portal.privacy.trail import PAGE_SIZE, TrailKey

bp = Blueprint("privacy", __name__)

OWN_DATA = "own data (GDPR Art. 15)"
REQUEST = "data subject request"


def _own_client() -> Client:
    client = db.session.scalar(visible_clients(current_user))
    if client is None:
        abort(404)
    return client


def _trail() -> TrailKey:
    """Where the readable page's list of who handled the data starts (``?trail=``)."""
    return TrailKey.parse(request.args.get("trail"))


def _json(export: SubjectExport) -> Response:
    response = Response(export.dumps(), mimetype="application/json")
    name = f"polku-my-data-{export.generated_at:%Y-%m-%d}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/my/copy")
@roles_required("client")
def my_data():
    """Everything stored about the young person, readable and printable."""
    export = export_for(_own_client(), current_user, fmt="html", purpose=OWN_DATA, trail=_trail())
    return render_template(
        "privacy/my_data.html",
        export=export,
        json_url=url_for("privacy.my_data_json"),
        trail_page_size=PAGE_SIZE,
    )


@bp.route("/my/copy.json")
@roles_required("client")
def my_data_json():
    """The same as a machine-readable file (GDPR Art. 20)."""
    return _json(export_for(_own_client(), current_user, fmt="json", purpose=OWN_DATA))


@bp.route("/admin/clients/<int:client_id>/privacy", methods=["GET", "POST"])
@roles_required("admin")
def client_privacy(client_id: int):
    """A data-subject request about one client: the export, the schedule, erasure."""
    client = get_client_or_404(current_user, client_id)
    blocked = erasure.why_not_erasable(client)
    form = ErasureForm()
    status = 200
    if not blocked:
        submission = submit_form(
            form,
            lambda: erasure.erase(client, current_user, form.reason.data or ""),
            success=_("The data was erased."),
        )
        if submission.saved:
            return redirect(url_for("main.index"))
        status = submission.status
    elif form.is_submitted():
        status = 400
    return (
        render_template(
            "privacy/client.html",
            client=client,
            schedule=schedule_of(client),
            blocked=blocked,
            form=form,
        ),
        status,
    )


@bp.route("/admin/clients/<int:client_id>/privacy/data")
@roles_required("admin")
def client_data(client_id: int):
    client = get_client_or_404(current_user, client_id)
    export = export_for(client, current_user, fmt="html", purpose=REQUEST, trail=_trail())
    return render_template(
        "privacy/my_data.html",
        export=export,
        json_url=url_for("privacy.client_data_json", client_id=client_id),
        trail_page_size=PAGE_SIZE,
    )


@bp.route("/admin/clients/<int:client_id>/privacy/data.json")
@roles_required("admin")
def client_data_json(client_id: int):
    client = get_client_or_404(current_user, client_id)
    return _json(export_for(client, current_user, fmt="json", purpose=REQUEST))
