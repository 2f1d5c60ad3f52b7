"""A plugin package with its own words, found entirely by convention: ``templates/``,
``translations/`` and ``migrations/`` next to it, no ``template_folder`` and no hook naming them.

Its Finnish catalog translates "Placement" differently from the core's.
"""

from flask import Blueprint, render_template

from portal.api import NavItem, Panel, hookimpl, roles_required

from .i18n import _, _l

bp = Blueprint("wording", __name__)


@bp.context_processor
def helpers():
    return {"shout": str.upper}


@bp.route("/")
@roles_required("coach", "admin")
def index():
    return render_template("wording/page.html", said=_("Only the wording plugin says this"))


@hookimpl
def portal_blueprints(app):
    return bp


@hookimpl
def portal_nav_items(user):
    return NavItem("wording.index", _l("Wording tools"), order=90, roles=frozenset({"coach"}))


@hookimpl
def portal_client_panels(client, viewer):
    return Panel(
        "wording", _l("Wording"), "wording/panel.html", context={"name": client.first_name}
    )
