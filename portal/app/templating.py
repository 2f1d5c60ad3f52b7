"""Jinja globals and filters shared by core and plugin templates."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_babel import format_datetime, format_time, get_locale
from flask_babel import lazy_gettext as _l
from jinja2 import Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context
from markupsafe import escape

from portal.access.permissions import CASEWORKERS
from portal.app import fields, list_parts
from portal.app.formats import init_formats
from portal.app.i18n import (
    html_lang,
    in_user_language,
    language_label,
    text_direction,
    translation_is_draft,
)
from portal.app.layout import flashed, language_options, layout_parts, layout_texts
from portal.app.widgets import install_html_params
from portal.hooks.contributions import nav_items
from portal.hooks.types import NavItem
from portal.models.labels import label, labels

CORE_NAV = [
    NavItem("main.index", _l("Start"), order=10),
    NavItem("clients.index", _l("Clients"), order=20, roles=frozenset(CASEWORKERS)),
    NavItem("worklist.index", _l("Worklist"), order=15, roles=frozenset(CASEWORKERS)),
    NavItem("groups.index", _l("Groups"), order=30, roles=frozenset(CASEWORKERS)),
    NavItem("reports.dashboard", _l("Dashboard"), order=35, roles=frozenset(CASEWORKERS)),
    NavItem("partners.index", _l("Network partners"), order=83, roles=frozenset({"admin"})),
    NavItem("trainees.index", _l("Trainees"), order=20, roles=frozenset({"employer"})),
    NavItem("admin.users", _l("Users"), order=80, roles=frozenset({"admin"})),
    NavItem(
        "projects.index", _l("Projects"), order=79, roles=frozenset({"admin", "project_manager"})
    ),
    NavItem("admin.companies", _l("Companies"), order=81, roles=frozenset({"admin"})),
    NavItem("admin.index", _l("Administration"), order=82, roles=frozenset({"admin"})),
]


class PortalTemplate(Template):
    """Jinja's template, with a cheaper test when one template imports another's macros.

    Jinja rebuilds an imported template's module when the importing one has globals the
    imported one lacks, and finds out by testing each global against a ``ChainMap``, one
    Python call after another: some 270 calls for every ``{% from ... import ... %}`` on
    every page. Here the same question is asked with one set operation; when the answer is
    "none", Jinja's kept module is used as before, else Jinja decides as before."""

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if ctx is not None and not ctx.globals_keys.difference(self.globals):
            ctx = None
        return super()._get_default_module(ctx)


def page_url(page: int) -> str:
    """The current page's URL with another ``page`` number, keeping the other filters."""
    args = request.args.to_dict()
    args["page"] = str(page)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_templating(app: Flask) -> None:
    app.jinja_env.template_class = PortalTemplate
    install_html_params()
    app.jinja_env.globals.update(
        labels=labels,
        nav_links=lambda: nav_items(CORE_NAV),
        layout_texts=layout_texts,
        language_options=language_options,
        layout_parts=layout_parts,
        flashed=flashed,
        language_label=language_label,
        html_lang=lambda locale=None: html_lang(locale or str(get_locale())),
        text_direction=lambda locale=None: text_direction(locale or str(get_locale())),
        translation_is_draft=translation_is_draft,
        page_url=page_url,
        loc=in_user_language,
        # The forms' parts (portal/app/fields.py), called without an import.
        field=fields.render_field,
        error_summary=fields.error_summary,
        form_fields=fields.form_fields,
        render_form=fields.render_form,
        hidden_fields=fields.hidden_fields,
        csrf=fields.csrf,
        once=fields.once,
        _form_parts=fields,
        # A list page's parts (portal/app/list_parts.py).
        sort_header=list_parts.sort_header,
        list_pager=list_parts.list_pager,
        list_filters=list_parts.list_filters,
        _list_parts=list_parts,
    )
    app.jinja_env.filters["label"] = label
    # A translated text shown as text: "<5" in it is a less-than sign, not the start of a tag.
    app.jinja_env.filters["text"] = lambda value: escape(str(value))
    app.jinja_env.filters["time"] = lambda value: format_time(value, "short") if value else ""
    app.jinja_env.filters["datetime"] = lambda value: (
        format_datetime(value, "short") if value else ""
    )
    init_formats(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
