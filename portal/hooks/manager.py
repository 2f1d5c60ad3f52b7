"""Finding, loading and calling plugins.

One ``pluggy.PluginManager`` per app, kept in ``app.extensions["portal_plugins"]``.
Calls go through :func:`collect` and :func:`fire`, which run each implementation on its
own so that one failing plugin is logged with its name and the rest still answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from typing import Any

import pluggy
from flask import Blueprint, Flask, current_app
from flask.cli import with_appcontext

from portal.hooks import specs as hookspecs
from portal.hooks.markers import PROJECT
from portal.hooks.types import PluginInfo

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "portal.plugins"
EXTENSION_KEY = "portal_plugins"


class PortalPluginManager(pluggy.PluginManager):
    """A pluggy manager that also remembers what happened to every plugin it was offered."""

    def __init__(self) -> None:
        super().__init__(PROJECT)
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        #: Installed but switched off: their migrations must still be found (their tables exist).
        self.disabled: dict[str, Callable[[], Any]] = {}


def _installed() -> Iterable[tuple[str, Callable[[], Any], str]]:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        version = ep.dist.version if ep.dist else ""
        yield ep.name, ep.load, version


def load_plugins(app: Flask) -> PortalPluginManager:
    """Register installed plugins allowed by ``PORTAL_PLUGINS`` plus ``PORTAL_EXTRA_PLUGINS``."""
    pm = PortalPluginManager()
    allowed = app.config.get("PORTAL_PLUGINS")
    candidates: list[tuple[str, Callable[[], Any], str]] = list(_installed())
    for name, obj in app.config.get("PORTAL_EXTRA_PLUGINS", {}).items():
        candidates.append((name, lambda obj=obj: obj, "test"))
    for name, load, version in candidates:
        if allowed is not None and name not in allowed:
            pm.infos[name] = PluginInfo(name, version, "disabled")
            pm.disabled[name] = load
            continue
        try:
            pm.register(load(), name=name)
        except Exception as exc:  # a broken plugin must not stop the portal
            log.exception("Plugin %s failed to load", name)
            pm.infos[name] = PluginInfo(name, version, "failed", f"{type(exc).__name__}: {exc}")
            continue
        pm.infos[name] = PluginInfo(name, version, "loaded")
    pm.check_pending()
    app.extensions[EXTENSION_KEY] = pm
    return pm


def plugin_manager(app: Flask | None = None) -> PortalPluginManager:
    return (app or current_app).extensions[EXTENSION_KEY]


def _call_each(hook_name: str, app: Flask | None, kwargs: dict[str, Any]) -> list[Any]:
    """Run every implementation of a hook separately, logging and skipping those that raise."""
    pm = plugin_manager(app)
    results = []
    for impl in reversed(getattr(pm.hook, hook_name).get_hookimpls()):
        try:
            results.append(impl.function(**{arg: kwargs[arg] for arg in impl.argnames}))
        except Exception:
            log.exception("Plugin %s failed in %s", impl.plugin_name, hook_name)
    return results


def _flatten(results: Iterable[Any]) -> list[Any]:
    items: list[Any] = []
    for result in results:
        if result is None:
            continue
        if isinstance(result, list | tuple):
            items.extend(r for r in result if r is not None)
        else:
            items.append(result)
    return items


def collect(hook_name: str, *, app: Flask | None = None, **kwargs: Any) -> list[Any]:
    """Gather the answers of a list-returning hook, flattened and sorted by ``order``."""
    items = _flatten(_call_each(hook_name, app, kwargs))
    return sorted(items, key=lambda item: getattr(item, "order", 100))


def fire(hook_name: str, **kwargs: Any) -> None:
    """Announce a lifecycle event. Call only after the transaction has committed."""
    _call_each(hook_name, None, kwargs)


def register_plugin_blueprints(app: Flask) -> None:
    pm = plugin_manager(app)
    for impl in pm.hook.portal_blueprints.get_hookimpls():
        try:
            blueprints = _flatten([impl.function(app=app)])
            for bp in blueprints:
                if not isinstance(bp, Blueprint) or bp.name != impl.plugin_name:
                    raise ValueError(f"blueprint must be named {impl.plugin_name!r}")
                app.register_blueprint(bp, url_prefix=f"/p/{impl.plugin_name}")
        except Exception as exc:
            log.exception("Plugin %s failed to register its blueprints", impl.plugin_name)
            info = pm.infos.get(impl.plugin_name)
            if info:
                info.state, info.error = "failed", f"{type(exc).__name__}: {exc}"


def register_plugin_commands(app: Flask) -> None:
    """Add plugin commands to ``flask``; each runs inside the app context."""
    for command in collect("portal_cli_commands", app=app):
        if command.callback is not None:
            command.callback = with_appcontext(command.callback)
        app.cli.add_command(command)
