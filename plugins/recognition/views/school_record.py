"""The record of a client's recognised competence for the school: a page and eHOKS JSON."""

from __future__ import annotations

from flask import jsonify, render_template
from flask_login import current_user

from plugins.recognition import ehoks, record
from plugins.recognition.views.blueprint import STAFF, bp
from portal.api import Client, clock, get_client_or_404, roles_required


def _record_client(client_id: int) -> Client:
    client = get_client_or_404(current_user, client_id)
    record.note_reading(client)
    return client


@bp.route("/clients/<int:client_id>/record")
@roles_required(*STAFF, "client", "teacher")
def school_record(client_id: int):
    client = _record_client(client_id)
    data = record.build(client)
    return render_template(
        "recognition/record.html",
        client=client,
        data=data,
        doc=ehoks.as_ehoks(data),
        today=clock.today(),
    )


@bp.route("/clients/<int:client_id>/record.json")
@roles_required(*STAFF, "client", "teacher")
def school_record_json(client_id: int):
    client = _record_client(client_id)
    response = jsonify(ehoks.as_ehoks(record.build(client)))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="osaamisen-tunnistaminen-{client.id}.json"'
    )
    return response
