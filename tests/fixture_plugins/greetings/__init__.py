"""A plugin that declares a hook of its own (in ``hookspecs``) and shows what others answer."""

from portal.api import Widget, collect, hookimpl


@hookimpl
def portal_dashboard_widgets(user):
    greetings = collect("portal_fixture_greetings", name=user.name)
    return Widget("greetings", "Greetings", "sample/widget.html", context={"who": greetings})
