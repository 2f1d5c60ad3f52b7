"""Jinja globals and filters shared by core and plugin templates."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from portal.app.i18n import LANGUAGE_NAMES, in_user_language
from portal.hooks.contributions import nav_items
from portal.hooks.types import NavItem

KPI_LABELS = {
    "clients": _l("Clients"),
    "immigrant_share": _l("Immigrant background (%)"),
    "employed_or_studying": _l("Employed or studying after taking part (%)"),
}

CORE_NAV = [
    NavItem("main.index", _l("Start"), order=10),
    NavItem("clients.index", _l("Clients"), order=20, roles=frozenset({"coach", "admin"})),
    NavItem("worklist.index", _l("Worklist"), order=15, roles=frozenset({"coach", "admin"})),
    NavItem("groups.index", _l("Groups"), order=30, roles=frozenset({"coach", "admin"})),
    NavItem("reports.dashboard", _l("Dashboard"), order=35, roles=frozenset({"coach", "admin"})),
    NavItem("partners.index", _l("Network partners"), order=83, roles=frozenset({"admin"})),
    NavItem("trainees.index", _l("Trainees"), order=20, roles=frozenset({"employer"})),
    NavItem("admin.users", _l("Users"), order=80, roles=frozenset({"admin"})),
    NavItem("admin.companies", _l("Companies"), order=81, roles=frozenset({"admin"})),
    NavItem("admin.index", _l("Administration"), order=82, roles=frozenset({"admin"})),
]


def page_url(page: int) -> str:
    """The current page's URL with another ``page`` number, keeping the other filters."""
    args = request.args.to_dict()
    args["page"] = str(page)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def _labeller(labels: dict) -> Callable[[str], str]:
    return lambda value: labels.get(value, value)


def init_templating(app: Flask) -> None:
    from portal.admin.forms import ROLE_LABELS, STATUS_LABELS
    from portal.clients.forms import EDUCATION_LABELS, GOAL_LABELS, STATE_LABELS
    from portal.pathway import forms as labels

    app.jinja_env.globals.update(
        role_label=_labeller(ROLE_LABELS),
        status_label=_labeller(STATUS_LABELS),
        education_label=_labeller(EDUCATION_LABELS),
        goal_label=_labeller(GOAL_LABELS),
        state_label=_labeller(STATE_LABELS),
        decision_label=_labeller(labels.DECISION_LABELS),
        outcome_label=_labeller(labels.OUTCOME_LABELS),
        study_status_label=_labeller(labels.STUDY_STATUS_LABELS),
        follow_up_label=_labeller(labels.FOLLOW_UP_LABELS),
        job_kind_label=_labeller(labels.JOB_KIND_LABELS),
        job_result_label=_labeller(labels.JOB_RESULT_LABELS),
        job_result_labels=labels.JOB_RESULT_LABELS,
        consent_label=_labeller(labels.CONSENT_LABELS),
        session_topic_label=_labeller(labels.SESSION_TOPIC_LABELS),
        attendance_label=_labeller(labels.ATTENDANCE_LABELS),
        partner_kind_label=_labeller(labels.PARTNER_KIND_LABELS),
        channel_label=_labeller(labels.CHANNEL_LABELS),
        placement_type_label=_labeller(labels.PLACEMENT_TYPE_LABELS),
        source_label=_labeller(labels.SOURCE_LABELS),
        kpi_labels=KPI_LABELS,
        nav_links=lambda: nav_items(CORE_NAV),
        current_locale=lambda: str(get_locale()),
        language_names=LANGUAGE_NAMES,
        page_url=page_url,
        loc=in_user_language,
    )
    app.jinja_env.filters["date"] = lambda value: format_date(value, "short") if value else ""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
