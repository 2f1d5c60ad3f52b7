"""The coach's worklist page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.access.scoping import visible_clients
from portal.app import clock
from portal.models import Client
from portal.worklist.items import build_worklist

bp = Blueprint("worklist", __name__)


@bp.route("/worklist")
@roles_required("coach", "admin")
def index():
    client_ids = visible_clients(current_user).with_only_columns(Client.id)
    today = clock.today()
    return render_template(
        "worklist/index.html", worklist=build_worklist(client_ids, today), today=today
    )
