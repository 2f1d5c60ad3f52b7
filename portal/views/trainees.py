"""The workplace supervisor's view of their company's trainees. Never any sensitive data."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Client, Placement
from portal.permissions import roles_required
from portal.plugin_manager import collect
from portal.scoping import employer_placements, get_client_or_404
from portal.slots import render_items

bp = Blueprint("trainees", __name__, url_prefix="/trainees")


@bp.route("/")
@roles_required("employer")
def index():
    placements = db.session.scalars(
        employer_placements(current_user)
        .options(selectinload(Placement.client), selectinload(Placement.supervisor))
        .order_by(Placement.start_date.desc(), Placement.id.desc())
    ).all()
    return render_template("trainees/index.html", placements=placements)


@bp.route("/<int:client_id>")
@roles_required("employer")
def detail(client_id: int):
    client: Client = get_client_or_404(current_user, client_id)
    placements = db.session.scalars(
        employer_placements(current_user)
        .where(Placement.client_id == client.id)
        .options(selectinload(Placement.supervisor))
        .order_by(Placement.start_date)
    ).all()
    if not placements:
        abort(404)
    panels = render_items(collect("portal_client_panels", client=client, viewer=current_user))
    return render_template(
        "trainees/detail.html", client=client, placements=placements, panels=panels
    )
