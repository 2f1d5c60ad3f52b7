"""The plugin's pages: one blueprint, named after the plugin."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from portal.api import Client, paginate, roles_required, visible_clients

#: Who may open the plugin's page, see its menu entry and its client panel.
STAFF = frozenset({"coach", "admin"})

bp = Blueprint("$name", __name__)


@bp.route("/")
@roles_required(*STAFF)
def index():
    """The clients the signed-in user may see, a page at a time."""
    page = paginate(visible_clients(current_user).order_by(Client.last_name, Client.id))
    return render_template("$name/page.html", page=page)
