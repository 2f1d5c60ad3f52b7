"""Template helpers that place plugin contributions into named places of core pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.routing import BuildError

from portal.hooks.manager import collect
from portal.hooks.templates import plugin_template_context
from portal.hooks.types import NavItem, Panel, Widget

log = logging.getLogger(__name__)


#: Where an app keeps the address of each navigation entry, built once per script root.
NAV_HREFS = "nav_hrefs"


def nav_items(core: list[NavItem]) -> list[dict[str, Any]]:
    """Core and plugin navigation for the current user, filtered by role and sorted.

    The plugins are asked on every page (an entry may depend on the user); the address of an
    entry depends only on its endpoint and arguments, so it is built once per process."""
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return []
    items = [*core, *collect("portal_nav_items", user=user)]
    hrefs: dict[tuple, str] = current_app.extensions.setdefault(NAV_HREFS, {})
    root = request.script_root
    links = []
    for item in sorted(items, key=lambda i: i.order):
        if item.roles and user.role not in item.roles:
            continue
        key, href = _href_key(root, item), None
        if key is not None:
            href = hrefs.get(key)
        if href is None:
            try:
                href = url_for(item.endpoint, **item.url_kwargs)
            except BuildError:
                log.error("Navigation item points to unknown endpoint %s", item.endpoint)
                continue
            if key is not None:
                hrefs[key] = href
        links.append({"href": href, "label": item.label, "endpoint": item.endpoint})
    return links


def _href_key(root: str, item: NavItem) -> tuple | None:
    """The key an entry's address is kept by; None when it must be built every time (an
    argument that cannot be a key, or one of ``url_for``'s own such as ``_external``)."""
    kwargs = item.url_kwargs
    if any(name.startswith("_") for name in kwargs):
        return None
    key = (root, item.endpoint, *sorted(kwargs.items()))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def render_items(items: list[Widget | Panel]) -> list[dict[str, Any]]:
    """Render each contributed widget or panel; one that fails is logged and left out."""
    rendered = []
    for item in items:
        try:
            context = item.context() if callable(item.context) else item.context
            html = render_template(
                item.template, **{**plugin_template_context(item.template), **context}
            )
        except Exception:
            log.exception("Slot item %s failed to render", item.key)
            continue
        # render_template has already escaped every value: the result is safe markup.
        rendered.append({"key": item.key, "title": item.title, "html": Markup(html)})  # noqa: S704
    return rendered
