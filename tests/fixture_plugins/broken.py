"""A plugin whose every hook raises: the portal must log it and carry on."""

from portal.api import hookimpl


class Broken(RuntimeError):
    pass


@hookimpl
def portal_nav_items(user):
    raise Broken("nav")


@hookimpl
def portal_dashboard_widgets(user):
    raise Broken("widgets")


@hookimpl
def portal_client_panels(client, viewer):
    raise Broken("panels")


@hookimpl
def portal_client_created(client, actor):
    raise Broken("client created")
