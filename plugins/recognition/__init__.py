"""Competence recognition (osaamisen tunnistaminen ja tunnustaminen): a qualification catalog
imported from ePerusteet, each client's recognition against its units, demonstrations assessed
with employers, and a record for the school."""

from __future__ import annotations

import os

from flask import url_for

from plugins.recognition import catalog
from plugins.recognition.cli import qualifications
from plugins.recognition.i18n import _l
from portal.api import (
    CASEWORKERS,
    NavItem,
    Panel,
    QueueItem,
    Role,
    SearchHit,
    Widget,
    db,
    hookimpl,
    own_client,
    visible_clients,
)


@hookimpl
def portal_api_blueprints(app):
    from plugins.recognition.api import api

    return api


@hookimpl
def portal_blueprints(app):
    from plugins.recognition.demonstrations import ASSESSOR_DAYS
    from plugins.recognition.views import bp

    limit = os.environ.get("RECOGNITION_MAX_IMPORT_BYTES")
    app.config.setdefault(
        "RECOGNITION_MAX_IMPORT_BYTES", int(limit) if limit else catalog.DEFAULT_MAX_BYTES
    )
    days = os.environ.get("RECOGNITION_ASSESSOR_DAYS")
    app.config.setdefault("RECOGNITION_ASSESSOR_DAYS", int(days) if days else ASSESSOR_DAYS)
    return bp


@hookimpl
def portal_cli_commands():
    return qualifications


@hookimpl
def portal_nav_items(user):
    return NavItem(
        "recognition.index",
        _l("Qualifications"),
        order=45,
        roles=frozenset({"coach", "admin", "employer"}),
    )


@hookimpl
def portal_search_results(viewer, text, limit):
    if viewer.role not in (Role.COACH, Role.ADMIN, Role.EMPLOYER) or not text.strip():
        return None
    found = db.session.scalars(catalog.search_qualifications(text.strip()[:100]).limit(limit))
    return [
        SearchHit(
            _l("Qualifications"),
            qual.name_fi,
            url_for("recognition.qualification", qualification_id=qual.id),
            qual.diary_number,
        )
        for qual in found
    ]


@hookimpl(optionalhook=True)  # declared by the onboarding plugin
def portal_skill_requirements(text, limit):
    return catalog.skill_requirements(text, limit)


def _summary(client_id: int) -> dict:
    from plugins.recognition.panels import plan_summary

    return plan_summary(client_id)


@hookimpl
def portal_client_panels(client, viewer):
    if viewer.role not in CASEWORKERS:
        return None
    return Panel(
        "recognition",
        _l("Competence recognition"),
        "recognition/_panel.html",
        context=lambda: _summary(client.id),
        order=40,
    )


@hookimpl
def portal_supervisor_queue(user):
    from flask import url_for

    from plugins.recognition.panels import demonstrations_to_assess

    if user.role != Role.EMPLOYER:
        return None
    return [
        QueueItem(
            "demonstrations",
            _l("Competence demonstrations to assess"),
            f"{client.first_name} {client.last_name}",
            url_for("recognition.demonstration", demo_id=demo.id),
            due=demo.end_date,
            order=30,
        )
        for demo, _unit, client in demonstrations_to_assess(user)
        if not demo.grade
    ]


@hookimpl
def portal_dashboard_widgets(user):
    from plugins.recognition.panels import demonstrations_to_assess

    if user.role == Role.EMPLOYER:
        return Widget(
            "recognition-assess",
            _l("Competence demonstrations to assess"),
            "recognition/_assess.html",
            context=lambda: {"rows": demonstrations_to_assess(user)},
            order=25,
        )
    if user.role == Role.TEACHER:
        return Widget(
            "recognition-teaching",
            _l("Young people whose recognition you follow"),
            "recognition/_teaching.html",
            context=lambda: {"clients": db.session.scalars(visible_clients(user).limit(100)).all()},
            order=25,
        )
    if user.role == Role.CLIENT:
        client = own_client(user)
        if client is None:
            return None
        return Widget(
            "recognition-mine",
            _l("My recognised competence"),
            "recognition/_panel.html",
            context=lambda: _summary(client.id),
            order=35,
        )
    return None


@hookimpl
def portal_demo_data(today):
    from plugins.recognition.demo import load

    load(today)


@hookimpl(optionalhook=True)  # declared by the assessments plugin
def portal_assessment_forms():
    from plugins.recognition.unit_forms import unit_forms

    return unit_forms()


@hookimpl(optionalhook=True)  # declared by the assessments plugin
def portal_assessment_submitted(form_key, client, placement, answers, actor):
    from plugins.recognition.unit_forms import PREFIX, record_answers

    if form_key.startswith(PREFIX) and placement is not None:
        record_answers(form_key, client, placement, answers, actor)


@hookimpl
def portal_personal_data():
    from plugins.recognition.privacy import personal_tables

    return personal_tables()


@hookimpl
def portal_attachment_targets():
    from plugins.recognition.photos import TARGETS

    return TARGETS
