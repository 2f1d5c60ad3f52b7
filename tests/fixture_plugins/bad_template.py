"""A plugin whose widget template does not exist: only that widget is left out."""

from portal.api import Widget, hookimpl


@hookimpl
def portal_dashboard_widgets(user):
    return Widget("missing", "Missing template", "nowhere/missing.html")
