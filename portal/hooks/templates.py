"""Plugin templates: found next to the plugin, served only under its name, with its own helpers.

A plugin's ``templates/<plugin name>/`` folder is served as ``<plugin name>/...`` after the
core's templates, so a plugin can neither replace a core template nor need a
``template_folder=`` on its blueprint.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound

from portal.hooks.conventions import TEMPLATES, plugin_subfolder
from portal.hooks.manager import plugin_manager


class PluginTemplateLoader(BaseLoader):
    """``<plugin>/page.html`` from ``<plugin folder>/templates/<plugin>/page.html``.

    Unlike Jinja's ``PrefixLoader``, the template keeps its full name, by which its plugin
    (and so its translation domain) is recognised.
    """

    def __init__(self, folders: dict[str, Path]) -> None:
        self.loaders = {name: FileSystemLoader(folder) for name, folder in folders.items()}

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        plugin, _, name = template.partition("/")
        if plugin not in self.loaders or not name:
            raise TemplateNotFound(template)
        return self.loaders[plugin].get_source(environment, name)


def plugin_template_loader(app: Flask) -> PluginTemplateLoader:
    """The templates of every loaded plugin that has a ``templates/<plugin>/`` folder."""
    folders = {}
    for name, plugin in plugin_manager(app).list_name_plugin():
        templates = plugin_subfolder(plugin, TEMPLATES)
        if templates is not None and (templates / name).is_dir():
            folders[name] = templates / name
    return PluginTemplateLoader(folders)


def init_plugin_templates(app: Flask) -> None:
    """Serve the core's templates first, then each loaded plugin's own."""
    app.jinja_env.loader = ChoiceLoader(
        [app.create_global_jinja_loader(), plugin_template_loader(app)]
    )


def template_plugin(template_name: str | None) -> str | None:
    """The loaded plugin a template belongs to (``<plugin>/...``), or ``None`` for the core's."""
    if not template_name or "/" not in template_name:
        return None
    name = template_name.split("/", 1)[0]
    return name if plugin_manager().has_plugin(name) else None


def plugin_template_context(template_name: str) -> dict[str, Any]:
    """The values the plugin's own ``@bp.context_processor`` functions give its templates.

    Flask runs a blueprint's context processors only on the blueprint's own pages; the core
    also runs them when it renders the plugin's panels and widgets on its pages, so plugins
    need no app-wide template globals.
    """
    plugin = template_plugin(template_name)
    values: dict[str, Any] = {}
    for processor in current_app.template_context_processors.get(plugin, []) if plugin else []:
        values.update(processor())
    return values
