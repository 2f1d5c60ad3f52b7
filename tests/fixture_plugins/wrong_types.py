"""A plugin that returns items of the wrong type next to good ones: only the good ones count."""

from portal.api import NavItem, Panel, RiskSignal, Widget, hookimpl

GOOD_NAV = "Fixture start link"


@hookimpl
def portal_nav_items(user):
    return [
        {"endpoint": "main.index", "label": "Dict nav item"},
        NavItem(42, "Numeric endpoint item"),
        NavItem("main.index", "Set roles item", roles={"coach"}),
        NavItem("main.index", GOOD_NAV, order=99),
    ]


@hookimpl
def portal_dashboard_widgets(user):
    return [
        Widget("bad-order", "Widget with a text order", "sample/widget.html", order="first"),
        "<p>an HTML string</p>",
    ]


@hookimpl
def portal_client_panels(client, viewer):
    return [
        Panel("bad-context", "Panel with a text context", "sample/panel.html", context="oops"),
        Panel(
            "good-panel",
            "Good fixture panel",
            "sample/panel.html",
            context={"client_name": client.first_name, "viewer_role": viewer.role},
        ),
    ]


@hookimpl
def portal_risk_signals(client_ids, today):
    return [RiskSignal("1", "text_id", "Signal with a text client id")]
