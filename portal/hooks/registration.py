"""What the manager checks while it registers plugins (docs/adr/0005-plugin-to-plugin-hooks.md).

- A plugin package may declare hooks of its own in a ``hookspecs`` submodule; they are added
  before any plugin is registered, so every implementation is checked against them.
- Hook wrappers are refused: the core calls each implementation on its own (to isolate it), so
  a wrapper would never wrap anything.
- An implementation of a hook that nobody declares (its declaring plugin is switched off, or the
  name is misspelt) is never called; it is logged unless marked ``optionalhook=True``.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from types import ModuleType
from typing import Any

import pluggy

log = logging.getLogger(__name__)

SPEC_MODULE = "hookspecs"


class PluginRefused(Exception):
    """A plugin breaks a rule of the plugin boundary; the message says which and where."""


def plugin_hookspecs(plugin: Any) -> ModuleType | None:
    """The ``<plugin package>.hookspecs`` module, when the plugin is a package that has one."""
    package = getattr(plugin, "__name__", None)
    if not isinstance(plugin, ModuleType) or not hasattr(plugin, "__path__") or not package:
        return None
    name = f"{package}.{SPEC_MODULE}"
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def add_plugin_hookspecs(pm: pluggy.PluginManager, plugin_name: str, plugin: Any) -> None:
    """Declare the hooks of ``plugin``; refuse it when one is already declared elsewhere."""
    module = plugin_hookspecs(plugin)
    if module is None:
        return
    names = [name for name in dir(module) if pm.parse_hookspec_opts(module, name) is not None]
    taken = [n for n in names if (caller := getattr(pm.hook, n, None)) and caller.has_spec()]
    if taken:
        raise PluginRefused(f"plugin {plugin_name} declares hooks already declared: {taken}")
    pm.add_hookspecs(module)


def refuse_wrappers(pm: pluggy.PluginManager, plugin_name: str) -> None:
    """Raise when a registered plugin implements a hook as a wrapper."""
    plugin = pm.get_plugin(plugin_name)
    for caller in pm.get_hookcallers(plugin) or []:
        for impl in caller.get_hookimpls():
            if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper):
                raise PluginRefused(
                    f"plugin {plugin_name} implements {caller.name} as a hook wrapper; "
                    "hook wrappers are not supported (each implementation is called on its own)"
                )


def report_undeclared(pm: pluggy.PluginManager) -> None:
    """Log implementations of hooks that no loaded plugin or the core declares."""
    for name, caller in vars(pm.hook).items():
        if name.startswith("_") or caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if not impl.optionalhook:
                log.warning(
                    "Plugin %s implements %s, which no loaded plugin declares: it is not called",
                    impl.plugin_name,
                    name,
                )
