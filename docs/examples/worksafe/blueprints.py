"""portal_blueprints: the plugin's pages, served under /p/worksafe/."""

from datetime import timedelta

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from portal.api import (
    Client,
    Company,
    Placement,
    clock,
    db,
    hookimpl,
    roles_required,
    visible_clients,
)

bp = Blueprint("worksafe", __name__)


@bp.route("/")
@roles_required("coach", "admin")
def index():
    """Running placements and those starting within two weeks: who needs a safety briefing."""
    today = clock.today()
    mine = visible_clients(current_user).with_only_columns(Client.id)
    rows = db.session.execute(
        select(Client.first_name, Client.last_name, Company.name, Placement.start_date)
        .join(Placement, Placement.client_id == Client.id)
        .join(Company, Company.id == Placement.company_id)
        .where(
            Client.id.in_(mine),
            Placement.ended_on.is_(None),
            Placement.end_date >= today,
            Placement.start_date <= today + timedelta(days=14),
        )
        .order_by(Placement.start_date, Client.last_name)
    ).all()
    return render_template("worksafe/index.html", rows=rows)


@hookimpl
def portal_blueprints(app):
    return bp
