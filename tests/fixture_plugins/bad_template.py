"""A plugin whose widget template does not exist: only that widget is left out."""

from portal import hookimpl
from portal.hooks.types import Widget


@hookimpl
def portal_dashboard_widgets(user):
    return Widget("missing", "Missing template", "nowhere/missing.html")
