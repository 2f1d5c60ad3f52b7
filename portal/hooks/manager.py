"""Finding, loading and calling plugins.

One ``pluggy.PluginManager`` per app, kept in ``app.extensions["portal_plugins"]``.
Calls go through :func:`collect` and :func:`fire`, which run each implementation on its
own so that one failing plugin is logged with its name and the rest still answer: list
hooks' items are checked against their declared type, and lifecycle implementations each
write in their own savepoint (docs/adr/0003-hook-isolation.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from importlib.metadata import entry_points
from typing import Any

import pluggy
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.hooks import specs as hookspecs
from portal.hooks import tracing
from portal.hooks.isolation import own_savepoint
from portal.hooks.markers import PROJECT
from portal.hooks.registration import (
    PluginRefused,
    add_plugin_hookspecs,
    refuse_wrappers,
    report_undeclared,
)
from portal.hooks.types import PluginInfo
from portal.hooks.validation import declared_item_type, valid_items

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "portal.plugins"
EXTENSION_KEY = "portal_plugins"
LISTENERS_KEY = "core.event_listeners"

#: Told the plugin's name and the exception when one of its implementations fails.
OnError = Callable[[str, Exception], None]


class PortalPluginManager(pluggy.PluginManager):
    """A pluggy manager that also remembers what happened to every plugin it was offered."""

    def __init__(self, *, trace: bool = False) -> None:
        super().__init__(PROJECT)
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        #: Installed but switched off: their migrations must still be found (their tables exist).
        self.disabled: dict[str, Callable[[], Any]] = {}
        self.trace = trace

    def mark_failed(self, plugin_name: str, error: Exception) -> None:
        info = self.infos.get(plugin_name)
        if info:
            info.state, info.error = "failed", f"{type(error).__name__}: {error}"

    def call_each(
        self,
        hook_name: str,
        kwargs: dict[str, Any],
        *,
        isolate: bool = False,
        on_error: OnError | None = None,
    ) -> list[tuple[str, Any]]:
        """Run every implementation of a declared hook on its own, the last registered first.

        Returns ``(plugin name, answer)`` pairs. One that raises is logged with its plugin's
        name and skipped. With ``isolate`` each runs in its own savepoint, committed when it
        succeeds. A hook nobody declares (its declaring plugin is switched off) is not called.
        """
        caller = getattr(self.hook, hook_name, None)
        if caller is None or not caller.has_spec():
            return []
        answers = []
        for impl in reversed(caller.get_hookimpls()):
            args = {arg: kwargs[arg] for arg in impl.argnames}
            try:
                with own_savepoint() if isolate else nullcontext():
                    answer = self._call(impl, hook_name, args)
            except Exception as error:
                log.exception("Plugin %s failed in %s", impl.plugin_name, hook_name)
                if on_error:
                    on_error(impl.plugin_name, error)
                continue
            answers.append((impl.plugin_name, answer))
        return answers

    def _call(self, impl: pluggy.HookImpl, hook_name: str, args: dict[str, Any]) -> Any:
        if self.trace:
            return tracing.traced(impl.plugin_name, hook_name, impl.function, args)
        return impl.function(**args)

    def item_type(self, hook_name: str) -> type | None:
        """The item type the hook's specification declares, if any."""
        caller = getattr(self.hook, hook_name, None)
        return declared_item_type(caller.spec.function) if caller and caller.spec else None

    def contributions(
        self, hook_name: str, kwargs: dict[str, Any], *, on_error: OnError | None = None
    ) -> list[tuple[str, Any]]:
        """Every item the implementations of a list hook return, with the plugin's name;
        items of the wrong type are logged and dropped."""
        item_type = self.item_type(hook_name)
        return [
            (plugin_name, item)
            for plugin_name, answer in self.call_each(hook_name, kwargs, on_error=on_error)
            for item in valid_items(plugin_name, hook_name, answer, item_type)
        ]


Candidate = tuple[str, Callable[[], Any], str]


def _installed() -> Iterable[Candidate]:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        version = ep.dist.version if ep.dist else ""
        yield ep.name, ep.load, version


def _refuse(pm: PortalPluginManager, name: str, error: Exception) -> None:
    """A plugin that fails to load or breaks a rule is reported; the others still load."""
    log.error(
        "Plugin %s failed to load: %s", name, error, exc_info=not isinstance(error, PluginRefused)
    )
    pm.mark_failed(name, error)


def _load_allowed(pm: PortalPluginManager, app: Flask) -> list[tuple[str, Any]]:
    """Import every plugin ``PORTAL_PLUGINS`` allows and declare its own hooks."""
    allowed = app.config.get("PORTAL_PLUGINS")
    candidates: list[Candidate] = list(_installed())
    for name, obj in app.config.get("PORTAL_EXTRA_PLUGINS", {}).items():
        candidates.append((name, lambda obj=obj: obj, "test"))
    loaded = []
    for name, load, version in candidates:
        if allowed is not None and name not in allowed:
            pm.infos[name] = PluginInfo(name, version, "disabled")
            pm.disabled[name] = load
            continue
        pm.infos[name] = PluginInfo(name, version, "loaded")
        try:
            plugin = load()
            add_plugin_hookspecs(pm, name, plugin)
        except Exception as error:  # a broken plugin must not stop the portal
            _refuse(pm, name, error)
            continue
        loaded.append((name, plugin))
    return loaded


def load_plugins(app: Flask) -> PortalPluginManager:
    """Register installed plugins allowed by ``PORTAL_PLUGINS`` plus ``PORTAL_EXTRA_PLUGINS``.

    Every plugin's own hook specifications are declared before the first plugin is
    registered, so that each implementation is checked against its specification.
    """
    pm = PortalPluginManager(trace=tracing.wanted())
    if pm.trace:
        tracing.switch_on(app)
    for name, plugin in _load_allowed(pm, app):
        try:
            pm.register(plugin, name=name)
            refuse_wrappers(pm, name)
        except Exception as error:
            if pm.get_plugin(name) is plugin:
                pm.unregister(name=name)
            _refuse(pm, name, error)
    report_undeclared(pm)
    app.extensions[EXTENSION_KEY] = pm
    return pm


def plugin_manager(app: Flask | None = None) -> PortalPluginManager:
    return (app or current_app).extensions[EXTENSION_KEY]


def _call_each(hook_name: str, app: Flask | None, kwargs: dict[str, Any]) -> list[Any]:
    """The checked items of every implementation of a hook, in the order they answered."""
    return [item for _, item in plugin_manager(app).contributions(hook_name, kwargs)]


def collect(hook_name: str, *, app: Flask | None = None, **kwargs: Any) -> list[Any]:
    """Gather the items of a list-returning hook, checked, flattened and sorted by ``order``."""
    return sorted(_call_each(hook_name, app, kwargs), key=lambda item: getattr(item, "order", 100))


def fire(hook_name: str, **kwargs: Any) -> None:
    """Announce a lifecycle event. Call only after the transaction has committed.

    Each implementation runs in its own savepoint and the core commits after each one that
    succeeds; a failing one has only its own writes rolled back. The core's own listeners
    (``listen``: webhooks) hear it after the plugins.
    """
    plugin_manager().call_each(hook_name, kwargs, isolate=True)
    for listener in current_app.extensions.get(LISTENERS_KEY, ()):
        listener(hook_name, kwargs)


def listen(app: Flask, listener: Callable[[str, dict[str, Any]], None]) -> None:
    """Have ``listener(hook_name, kwargs)`` called after every lifecycle event's plugins."""
    app.extensions.setdefault(LISTENERS_KEY, []).append(listener)


def register_plugin_blueprints(app: Flask) -> None:
    """Register each plugin's blueprints under ``/p/<plugin name>``; a plugin whose blueprint
    fails or is misnamed is marked failed."""
    pm = plugin_manager(app)
    answers = pm.contributions("portal_blueprints", {"app": app}, on_error=pm.mark_failed)
    for plugin_name, blueprint in answers:
        try:
            if blueprint.name != plugin_name:
                raise PluginRefused(f"blueprint must be named {plugin_name!r}")
            app.register_blueprint(blueprint, url_prefix=f"/p/{plugin_name}")
        except Exception as error:
            log.exception("Plugin %s failed to register its blueprints", plugin_name)
            pm.mark_failed(plugin_name, error)


def register_plugin_commands(app: Flask) -> None:
    """Add plugin commands to ``flask``; each runs inside the app context."""
    for command in collect("portal_cli_commands", app=app):
        if command.callback is not None:
            command.callback = with_appcontext(command.callback)
        app.cli.add_command(command)
