"""Each plugin's own translation domain, so that a plugin can never change a core text.

The core translates from ``portal/translations`` (Flask-Babel's default domain), and only from
there. A plugin's Python code translates through the domain that
``portal.api.plugin_translations(__name__)`` gives it; its templates (``<plugin>/...``) through
the same domain, chosen by the template's name. A plugin's domain reads the ``translations/``
folder next to the plugin and falls back to the core's catalog for texts the plugin does not
translate (the core's form macros, for example). A plugin catalog that cannot be read is logged
with the plugin's name, and the plugin's texts stay untranslated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, has_app_context
from flask_babel import Domain, get_babel, get_locale
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from portal.app.catalogs import babel_state
from portal.hooks.conventions import TRANSLATIONS, owns_module, plugin_subfolder
from portal.hooks.manager import plugin_manager
from portal.hooks.templates import template_plugin

log = logging.getLogger(__name__)

EXTENSION_KEY = "plugin_catalogs"


#: The attribute of Flask-Babel's request state that holds this request's catalogs.
MEMO = "polku_catalogs"


def _core_translations() -> NullTranslations:
    return get_babel().instance.domain_instance.get_translations()


class PluginCatalogs:
    """The catalogs of one app's loaded plugins, each read once per language.

    A catalog does not change once read, so the catalog (the plugin's merged with the core's)
    of each plugin and language is kept for the app's life: a text costs a lookup by the
    language of the moment (``force_locale`` included), not a new resolution.
    """

    def __init__(self, plugins: dict[str, object]) -> None:
        self._plugins = plugins
        self._owners: dict[str, str | None] = {}
        self._templates: dict[str | None, str | None] = {}
        self._read: dict[tuple[str | None, Locale], NullTranslations] = {}

    def owner(self, module_name: str) -> str | None:
        """The loaded plugin that ``module_name`` belongs to, if any."""
        if module_name not in self._owners:
            self._owners[module_name] = next(
                (name for name, p in self._plugins.items() if owns_module(p, module_name)), None
            )
        return self._owners[module_name]

    def template_owner(self, template_name: str | None) -> str | None:
        """The loaded plugin a template belongs to (see :func:`template_plugin`)."""
        try:
            return self._templates[template_name]
        except KeyError:
            owner = self._templates[template_name] = template_plugin(template_name)
            return owner

    def translations(self, plugin_name: str | None) -> NullTranslations:
        """The plugin's catalog in the current language, then the core's; the core's alone
        for ``None``. Looked up once per request, language and plugin: a page asks for a
        text dozens of times, and finding the language costs more than the lookup."""
        state = babel_state()
        locale = getattr(state, "babel_locale", None)
        if locale is None:
            locale = get_locale()  # chosen now, and kept in the request's state
            if locale is None:
                return _core_translations()
            state = babel_state()
        memo = getattr(state, MEMO, None)
        if memo is None or memo[0] is not locale:  # a new request, or force_locale
            memo = (locale, {})
            setattr(state, MEMO, memo)
        try:
            return memo[1][plugin_name]
        except KeyError:
            found = memo[1][plugin_name] = self._catalog(plugin_name, locale)
            return found

    def _catalog(self, plugin_name: str | None, locale: Locale) -> NullTranslations:
        key = (plugin_name, locale)
        try:
            return self._read[key]
        except KeyError:
            pass
        core = _core_translations()
        if plugin_name is None:
            catalog = core
        else:
            catalog = self._load(plugin_name, locale)
            catalog.add_fallback(core)
        self._read[key] = catalog
        return catalog

    def _load(self, plugin_name: str, locale: Locale) -> NullTranslations:
        folder = plugin_subfolder(self._plugins[plugin_name], TRANSLATIONS)
        if folder is None:
            return NullTranslations()
        try:
            return Translations.load(str(folder), [locale])
        except Exception:  # a plugin's broken .mo must not break the pages
            log.exception(
                "Plugin %s: its %s catalog in %s cannot be read; its texts stay untranslated",
                plugin_name,
                locale,
                folder,
            )
            return NullTranslations()


class PluginDomain(Domain):
    """``gettext``, ``ngettext``, ``lazy_gettext``... that read the calling plugin's catalog."""

    def __init__(self, module_name: str) -> None:
        super().__init__()
        self.module_name = module_name

    def get_translations(self) -> NullTranslations:
        if not has_app_context():
            return NullTranslations()
        catalogs: PluginCatalogs | None = current_app.extensions.get(EXTENSION_KEY)
        if catalogs is None:
            return _core_translations()
        return catalogs.translations(catalogs.owner(self.module_name))


def plugin_translations(module_name: str) -> PluginDomain:
    """The translation domain of the plugin that ``module_name`` (pass ``__name__``) is part of.

    Use its ``gettext`` as ``_`` and its ``lazy_gettext`` as ``_l``; ``make extract`` finds
    both names.
    """
    return PluginDomain(module_name)


def _template_callables(catalogs: PluginCatalogs) -> dict[str, Callable[..., str]]:
    """``gettext`` and its kin for templates, each reading the catalog of the template's
    plugin (by the name of the template that calls it) in the current language."""

    def catalog(context: Context) -> NullTranslations:
        return catalogs.translations(catalogs.template_owner(context.name))

    @pass_context
    def gettext(context: Context, message: str) -> str:
        return catalog(context).ugettext(message)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int) -> str:
        return catalog(context).ungettext(singular, plural, n)

    @pass_context
    def pgettext(context: Context, msgctxt: str, message: str) -> str:
        return catalog(context).upgettext(msgctxt, message)

    @pass_context
    def npgettext(context: Context, msgctxt: str, singular: str, plural: str, n: int) -> str:
        return catalog(context).unpgettext(msgctxt, singular, plural, n)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def init_plugin_translations(app: Flask) -> None:
    """Give every loaded plugin its domain, and templates the domain of the plugin they
    belong to (the core's templates keep the core's alone)."""
    catalogs = PluginCatalogs(dict(plugin_manager(app).list_name_plugin()))
    app.extensions[EXTENSION_KEY] = catalogs
    app.jinja_env.install_gettext_callables(newstyle=True, **_template_callables(catalogs))
    app.jinja_env.globals["_"] = _direct_gettext(catalogs)


def _direct_gettext(catalogs: PluginCatalogs) -> Callable[..., str]:
    """``_`` for templates: what Jinja's new-style ``gettext`` gives (the text escaped
    as the template is, then %-formatted with the keyword arguments, always), without the two
    calls through the template context Jinja's ``_`` makes first; a page says ``_`` dozens
    of times."""

    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        found = catalogs.translations(catalogs.template_owner(context.name)).ugettext(message)
        if context.eval_ctx.autoescape:
            found = Markup(found)  # noqa: S704 - a catalog's text, as Jinja's gettext takes it
        return found % variables if variables or "%" in found else found

    return gettext
