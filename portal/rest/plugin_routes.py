"""Plugins' JSON endpoints (``portal_api_blueprints``): registered under
``/api/v1/p/<plugin name>`` with what the core's API has (token sign-in, no CSRF token, the
per-token rate limit, problem details), once every view is declared for the document."""

from __future__ import annotations

import logging
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, current_app, g

from portal.app.extensions import csrf, limiter
from portal.hooks.manager import plugin_manager
from portal.hooks.registration import PluginRefused
from portal.rest import spec
from portal.rest.problems import Problem
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


def _views(blueprint: Blueprint) -> dict[str, Any]:
    """The blueprint's views by endpoint, before it is registered."""
    views = _Views()
    for record in blueprint.deferred_functions:
        try:
            record(views)  # type: ignore[arg-type]
        except AttributeError:  # a deferred setup other than a route
            continue
    return views.found


def _refusal(blueprint: Blueprint) -> str | None:
    """Why the blueprint may not serve the API, or None: a view declares no operation, or no
    scope without being public, or a blueprint inside it escapes these checks."""
    if blueprint._blueprints:
        return "API blueprints may not hold other blueprints"
    undeclared = []
    for name, view in sorted(_views(blueprint).items()):
        op = spec.declared(view)
        if op is None or not (op.public or op.scope):
            undeclared.append(name)
    if undeclared:
        return f"API views declare no operation or scope: {', '.join(undeclared)}"
    return None


def _scoped(view: Any) -> Any:
    """The view, answering 403 to a token without the scope its operation declares, whatever
    the plugin's own decorators do."""
    op = spec.declared(view)

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        token = g.get("api_token")
        if not op.public and token is not None and op.scope not in (token.scopes or []):
            raise Problem(403, scope=op.scope)
        return view(*args, **kwargs)

    return checked


def register_plugin_api(app: Flask) -> None:
    """Register each plugin's API blueprints; a misnamed one or one with an undeclared view is
    refused and its plugin marked failed."""
    pm = plugin_manager(app)
    answers = pm.contributions("portal_api_blueprints", {"app": app}, on_error=pm.mark_failed)
    for plugin_name, blueprint in answers:
        try:
            if blueprint.name != f"{plugin_name}_api":
                raise PluginRefused(f"API blueprint must be named {plugin_name}_api")
            if refusal := _refusal(blueprint):
                raise PluginRefused(refusal)
            csrf.exempt(blueprint)
            limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=caller)(blueprint)
            app.register_blueprint(blueprint, url_prefix=f"{spec.BASE}/p/{plugin_name}")
            for endpoint, view in list(app.view_functions.items()):
                if endpoint.startswith(f"{blueprint.name}."):
                    app.view_functions[endpoint] = _scoped(view)
        except Exception as error:
            log.exception("Plugin %s failed to register its API blueprints", plugin_name)
            pm.mark_failed(plugin_name, error)
