"""$title: a Polku plugin.

The core finds this module through the ``portal.plugins`` entry point and calls the hooks
below with keyword arguments. Each hook is documented in ``docs/plugins.md`` of Polku.
"""

from __future__ import annotations

from portal.api import FormDefinition, NavItem, Panel, hookimpl

from $name.assessment import checkin_form
from $name.i18n import _l
from $name.views import STAFF, bp


@hookimpl
def portal_blueprints(app):
    """The plugin's pages, served under /p/$name/."""
    return bp


@hookimpl
def portal_nav_items(user) -> NavItem:
    """A menu entry; the core shows it only to the roles named here."""
    return NavItem(
        endpoint="$name.index",
        label=_l("$title"),
        order=60,
        roles=STAFF,
    )


@hookimpl
def portal_client_panels(client, viewer) -> Panel | None:
    """A section on the client's page. Employers see the trainee's page too: decide here."""
    if viewer.role not in STAFF:
        return None
    return Panel(
        "$name",
        _l("$title"),
        "$name/panel.html",
        context={"first_name": client.first_name},
        order=80,
    )


@hookimpl
def portal_assessment_forms() -> FormDefinition:
    """An assessment form; the assessments plugin renders, stores and reminds."""
    return checkin_form()
