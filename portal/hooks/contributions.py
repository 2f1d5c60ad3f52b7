"""Template helpers that place plugin contributions into named places of core pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.routing import BuildError

from portal.hooks.manager import collect
from portal.hooks.templates import plugin_template_context
from portal.hooks.types import NavItem, Panel, Widget

log = logging.getLogger(__name__)


def nav_items(core: list[NavItem]) -> list[dict[str, Any]]:
    """Core and plugin navigation for the current user, filtered by role and sorted."""
    if not current_user.is_authenticated:
        return []
    items = [*core, *collect("portal_nav_items", user=current_user)]
    links = []
    for item in sorted(items, key=lambda i: i.order):
        if item.roles and current_user.role not in item.roles:
            continue
        try:
            links.append(
                {
                    "href": url_for(item.endpoint, **item.url_kwargs),
                    "label": item.label,
                    "endpoint": item.endpoint,
                }
            )
        except BuildError:
            log.error("Navigation item points to unknown endpoint %s", item.endpoint)
    return links


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
