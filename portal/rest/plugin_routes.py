"""Plugins' JSON endpoints (``portal_api_blueprints``): registered under
``/api/v1/p/<plugin name>`` with what the core's API has (token sign-in, no CSRF token, the
per-token rate limit, problem details), once every view is declared for the document."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Flask, current_app

from portal.app.extensions import csrf, limiter
from portal.hooks.manager import plugin_manager
from portal.hooks.registration import PluginRefused
from portal.rest import spec
from portal.rest.views import caller

log = logging.getLogger(__name__)


class _Views:
    """Stands in for Flask's setup state to collect a blueprint's views before it is
    registered (a registered blueprint cannot be taken back)."""

    def __init__(self) -> None:
        self.found: dict[str, Any] = {}

    def add_url_rule(
        self, rule: str, endpoint: str | None = None, view_func: Any = None, **options: Any
    ) -> None:
        self.found[endpoint or getattr(view_func, "__name__", rule)] = view_func


def _undeclared(blueprint: Blueprint) -> list[str]:
    """The names of the blueprint's views that declare no operation."""
    views = _Views()
    for record in blueprint.deferred_functions:
        try:
            record(views)  # type: ignore[arg-type]
        except AttributeError:  # a deferred setup other than a route
            continue
    return sorted(name for name, view in views.found.items() if spec.declared(view) is None)


def register_plugin_api(app: Flask) -> None:
    """Register each plugin's API blueprints; a misnamed one or one with an undeclared view is
    refused and its plugin marked failed."""
    pm = plugin_manager(app)
    answers = pm.contributions("portal_api_blueprints", {"app": app}, on_error=pm.mark_failed)
    for plugin_name, blueprint in answers:
        try:
            if blueprint.name != f"{plugin_name}_api":
                raise PluginRefused(f"API blueprint must be named {plugin_name}_api")
            if undeclared := _undeclared(blueprint):
                raise PluginRefused(f"API views declare no operation: {', '.join(undeclared)}")
            csrf.exempt(blueprint)
            limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=caller)(blueprint)
            app.register_blueprint(blueprint, url_prefix=f"{spec.BASE}/p/{plugin_name}")
        except Exception as error:
            log.exception("Plugin %s failed to register its API blueprints", plugin_name)
            pm.mark_failed(plugin_name, error)
