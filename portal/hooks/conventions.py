"""What the core finds next to a plugin by convention, and the rules it checks at start-up.

A plugin package keeps its own files beside its code::

    myplugin/__init__.py
    myplugin/templates/myplugin/...     served as "myplugin/..." (never a core template)
    myplugin/migrations/...             its Alembic branch
    myplugin/translations/<lang>/...    its own translation domain

A plugin that is a plain module inside a package uses that package's folder. The folder is
resolved through ``importlib.resources``, so it is the same from a source checkout and from an
installed wheel.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask
from sqlalchemy import inspect
from sqlalchemy.orm import Mapper

from portal.hooks.manager import plugin_manager

log = logging.getLogger(__name__)

MIGRATIONS = "migrations"
TEMPLATES = "templates"
TRANSLATIONS = "translations"


def _is_package(module: ModuleType) -> bool:
    return module.__spec__ is not None and module.__spec__.submodule_search_locations is not None


def plugin_folder(plugin: object) -> Path | None:
    """The folder that holds a plugin's own files, or ``None`` when it has none.

    A package's own folder; for a module inside a package, that package's folder. Plugins
    that are not modules (objects registered by tests) and top-level single modules have none.
    """
    if not isinstance(plugin, ModuleType) or plugin.__spec__ is None:
        return None
    anchor = plugin.__name__ if _is_package(plugin) else plugin.__package__
    if not anchor:
        return None
    folder = files(anchor)
    return folder if isinstance(folder, Path) else None


def plugin_subfolder(plugin: object, name: str) -> Path | None:
    """``templates``, ``migrations`` or ``translations`` next to the plugin, if it has one."""
    folder = plugin_folder(plugin)
    sub = folder / name if folder is not None else None
    return sub if sub is not None and sub.is_dir() else None


def owns_module(plugin: object, module_name: str) -> bool:
    """Whether ``module_name`` is the plugin's module or, for a package, one of its modules."""
    if not isinstance(plugin, ModuleType):
        return False
    if module_name == plugin.__name__:
        return True
    return _is_package(plugin) and module_name.startswith(plugin.__name__ + ".")


def _declared_migration_dir(name: str, plugin: object) -> str | None:
    """The folder a plugin names with the optional ``portal_migration_dirs`` hook."""
    declared = getattr(plugin, "portal_migration_dirs", None)
    if declared is None:
        return None
    try:
        return declared()
    except Exception:
        log.exception("Plugin %s failed to report its migrations", name)
        return None


def _installed_plugins(app: Flask) -> list[tuple[str, Any]]:
    """Every installed plugin object, loaded or switched off (which is imported here)."""
    pm = plugin_manager(app)
    found = list(pm.list_name_plugin())
    for name, load in pm.disabled.items():
        try:
            found.append((name, load()))
        except Exception:
            log.exception("Plugin %s failed to report its migrations", name)
    return found


def migration_dirs(app: Flask) -> list[str]:
    """Revision folders of every installed plugin, switched on or not: their tables exist."""
    dirs: dict[Path, str] = {}  # the same folder found twice must be listed once
    for name, plugin in _installed_plugins(app):
        for folder in (plugin_subfolder(plugin, MIGRATIONS), _declared_migration_dir(name, plugin)):
            if folder:
                dirs.setdefault(Path(folder).resolve(), str(folder))
    return list(dirs.values())


def owns_table(plugin_name: str, table_name: str) -> bool:
    """A plugin's tables are named after it: ``<plugin>`` or ``<plugin>_...``."""
    return table_name == plugin_name or table_name.startswith(f"{plugin_name}_")


def _mapped_classes(plugin: object) -> Iterator[Mapper]:
    """The mappers of the classes defined in the plugin's imported modules."""
    for module_name, module in list(sys.modules.items()):
        if module is None or not owns_module(plugin, module_name):
            continue
        for obj in list(vars(module).values()):
            if isinstance(obj, type) and obj.__module__ == module_name:
                mapper = inspect(obj, raiseerr=False)
                if isinstance(mapper, Mapper):
                    yield mapper


def foreign_tables(plugin_name: str, plugin: object) -> list[str]:
    """Tables of the plugin's mapped classes that are not named after the plugin."""
    names = set()
    for mapper in _mapped_classes(plugin):
        table = getattr(mapper.local_table, "name", None)
        if not mapper.single and table is not None and not owns_table(plugin_name, table):
            names.add(table)
    return sorted(names)


def _refuse(app: Flask, name: str, reason: str) -> None:
    """Switch a loaded plugin off at start-up; its migrations stay known, like a disabled one's."""
    pm = plugin_manager(app)
    plugin = pm.unregister(name=name)
    pm.disabled[name] = lambda: plugin
    info = pm.infos[name]
    info.state, info.error = "failed", reason
    log.error("Plugin %s refused: %s", name, reason)


def enforce_conventions(app: Flask) -> None:
    """Refuse plugins whose tables are not named after them, or whose name is a folder of the
    core's templates (their templates and translation domain would reach core pages)."""
    core_templates = Path(app.root_path, app.template_folder or "")
    for name, plugin in list(plugin_manager(app).list_name_plugin()):
        tables = foreign_tables(name, plugin)
        if tables:
            _refuse(app, name, f"tables must be named {name}_...: {', '.join(tables)}")
        elif (core_templates / name).is_dir():
            _refuse(app, name, f"{name!r} is a folder of the core's templates")
