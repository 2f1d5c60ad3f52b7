"""Onboarding models (perehdytysmallit): industry templates, company models co-developed by
coach and employer, and each trainee's progress through the agreed model."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from plugins.onboarding import (
    key_words,
    languages,
    marking,
    panel_reads,
    photos,
    services,
    signals,
)
from plugins.onboarding.catalog import builtin_templates, template_from_dict
from plugins.onboarding.forms import MarkDoneForm
from plugins.onboarding.i18n import _l
from plugins.onboarding.models import OnboardingSharedTemplate
from portal.api import (
    Client,
    EvidenceItem,
    NavItem,
    Panel,
    Placement,
    QueueItem,
    Role,
    Widget,
    clock,
    db,
    employer_may_see,
    hookimpl,
    own_client,
    reader_locale,
    visible_client_ids_for,
)


@hookimpl
def portal_api_blueprints(app):
    from plugins.onboarding.api import api

    return api


@hookimpl
def portal_blueprints(app):
    from plugins.onboarding.views import bp

    return bp


@hookimpl
def portal_nav_items(user):
    return NavItem(
        "onboarding.index",
        _l("Onboarding models"),
        order=40,
        roles=frozenset({"coach", "admin", "employer"}),
    )


@hookimpl
def portal_onboarding_templates():
    """The plugin's own industry templates and the shared models the admin approved."""
    shared = db.session.scalars(
        select(OnboardingSharedTemplate).where(OnboardingSharedTemplate.status == "approved")
    )
    approved = [
        template_from_dict(
            {
                "key": f"shared-{s.id}",
                "order": 200,
                "title": {"fi": s.title},
                "industry": {"fi": s.industry},
                "steps": [
                    {
                        **step,
                        "title": {"fi": step["title"]},
                        "description": {"fi": step.get("description", "")},
                        "task_analysis": [{"fi": p} for p in step.get("task_analysis", [])],
                    }
                    for step in s.content.get("steps", [])
                ],
                "fading_plan": [
                    [i["week"], {"fi": i["text"]}] for i in s.content.get("fading_plan", [])
                ],
            }
        )
        for s in shared
    ]
    return [*builtin_templates(), *approved]


@hookimpl
def portal_demo_data(today):
    from plugins.onboarding.demo import load

    load(today)


@hookimpl
def portal_placement_started(placement, actor):
    services.attach(placement)


def _views(client: Client, viewer) -> list[services.ProgressView]:
    """The client's onboarding progress the viewer may see, loaded once per request for the
    panels that show it."""
    cache = g.setdefault("onboarding_views", {})
    if client.id not in cache:
        views = services.client_progress(client.id)
        if viewer.role == Role.EMPLOYER:  # only placements the employer may still see
            views = [
                v
                for v in views
                if v.placement.company_id == viewer.company_id and employer_may_see(v.placement)
            ]
        cache[client.id] = views
    return cache[client.id]


def _translations(views: list[services.ProgressView]):
    """The translations of the views' models, loaded once per request."""
    cache = g.setdefault("onboarding_translations", {})
    ids = tuple(sorted({v.version.model_id for v in views}))
    if ids not in cache:
        cache[ids] = languages.load(ids)
    return cache[ids]


def _progress_context(client: Client, viewer) -> dict:
    views = _views(client, viewer)
    marks = [s.mark for v in views for s in v.steps if s.mark is not None]
    model_ids = sorted({v.version.model_id for v in views})
    mark_photos, step_photos, translations = panel_reads.photos_and_translations(marks, model_ids)
    g.setdefault("onboarding_translations", {})[tuple(model_ids)] = translations
    return {
        "views": views,
        **_step_texts(views, viewer),
        "photos": mark_photos,
        "step_photos": step_photos,
        "form": MarkDoneForm(),
        "today": clock.today(),
        "may_mark": marking.may_mark,
    }


def _step_texts(views: list[services.ProgressView], viewer) -> dict:
    """The steps in the reader's language: the trainee reads their own (or is told it is
    missing); the coach and the supervisor read the reference and see which languages there
    are. One statement for every placement's translations."""
    translations = _translations(views)
    trainee = viewer.role == Role.CLIENT
    reader = reader_locale() if trainee else languages.REFERENCE
    texts, coverage = {}, {}
    for view in views:
        model_id = view.version.model_id
        for step in view.steps:
            key = (view.progress.id, step.step["key"])
            texts[key] = languages.step_text(step.step, model_id, translations, reader)
            if not trainee:
                reference = languages.reference_of(view.version.content, step.step["key"]) or {}
                coverage[key] = languages.coverage(
                    translations, model_id, step.step["key"], reference
                )
    return {"texts": texts, "coverage": coverage}


@hookimpl
def portal_client_panels(client, viewer):
    if viewer.role not in (Role.COACH, Role.ADMIN, Role.EMPLOYER):
        return None
    panel = Panel(
        "onboarding",
        _l("Onboarding"),
        "onboarding/_panel.html",
        context=lambda: _progress_context(client, viewer),
        order=30,
    )
    if viewer.role != Role.EMPLOYER:
        return panel
    words = Panel(
        key_words.PANEL_KEY,
        _l("Key words of the workplace steps"),
        "onboarding/_key_words.html",
        context=lambda: key_words.key_word_steps(
            client, _views(client, viewer), _translations(_views(client, viewer))
        ),
        order=31,
    )
    return [panel, words]


@hookimpl
def portal_client_tasks(client, viewer, today):
    from plugins.onboarding.home import client_tasks

    return client_tasks(client, viewer, today)


@hookimpl
def portal_client_progress(client, viewer, today):
    from plugins.onboarding.home import client_progress

    return client_progress(client, viewer, today)


@hookimpl
def portal_dashboard_widgets(user):
    if user.role == Role.CLIENT:
        client = own_client(user)
        if client is None:
            return None
        return Widget(
            "onboarding",
            _l("My onboarding checklist"),
            "onboarding/_my_checklist.html",
            context=lambda: _progress_context(client, user),
            order=30,
        )
    if user.role in (Role.COACH, Role.ADMIN):
        ids = visible_client_ids_for(user, Placement.client_id)
        return Widget(
            "onboarding-behind",
            _l("Trainees behind their onboarding"),
            "onboarding/_behind.html",
            context=lambda: {"behind": services.behind_schedule(ids)},
            order=20,
        )
    return None


@hookimpl
def portal_supervisor_queue(user):
    from flask import url_for

    if user.role != Role.EMPLOYER or user.company_id is None:
        return None
    model = services.unsigned_by_employer(user.company_id)
    if model is None:
        return None
    return QueueItem(
        "onboarding-sign",
        _l("Onboarding model to sign off"),
        model.title,
        url_for("onboarding.model", model_id=model.id),
        order=15,
    )


@hookimpl
def portal_risk_signal_queries(client_ids, today):
    return signals.overdue_signal(client_ids, today)


@hookimpl(optionalhook=True)  # declared by the recognition plugin
def portal_evidence_items(client):
    """Onboarding steps done at a placement show what the trainee has learnt to do."""
    return [
        EvidenceItem(
            "onboarding_step",
            f"onboarding:{view.progress.id}:{step.step['key']}",
            _l("Onboarding step done: %(step)s", step=step.step["title"]),
            step.mark.done_on,
        )
        for view in services.client_progress(client.id)
        for step in view.steps
        if step.mark is not None
    ]


@hookimpl
def portal_review_agenda(placement, since):
    from plugins.onboarding.agenda import review_agenda

    return review_agenda(placement, since)


@hookimpl
def portal_personal_data():
    from plugins.onboarding.privacy import personal_tables

    return personal_tables()


@hookimpl
def portal_attachment_targets():
    return photos.TARGETS
