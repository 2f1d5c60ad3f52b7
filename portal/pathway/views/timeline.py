"""Everything that happened to a client, in order."""

from __future__ import annotations

from flask import render_template

from portal.access.permissions import roles_required
from portal.clients.timeline import load_timeline
from portal.pathway.views.blueprint import COACHES, bp, load_client


@bp.route("/timeline")
@roles_required(*COACHES)
def timeline(client_id: int):
    client = load_client(client_id)
    return render_template("pathway/timeline.html", client=client, entries=load_timeline(client.id))
