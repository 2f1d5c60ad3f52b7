"""portal_nav_items: a menu entry for coaches and the admin."""

from portal.api import NavItem, hookimpl

from .i18n import _l


@hookimpl
def portal_nav_items(user):
    return NavItem(
        endpoint="worksafe.index",
        label=_l("Work safety"),
        order=55,
        roles=frozenset({"coach", "admin"}),
    )
