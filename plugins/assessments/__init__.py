"""Employer assessment forms: definitions from a hook, supervisors assessing their trainees
(with an account or through a single-use link), the young person's self-assessment, reminders,
results over time and a risk signal for low results."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import or_, select

from plugins.assessments import baseline, feedback, links, services, signals
from plugins.assessments.builtin import builtin_forms
from plugins.assessments.cli import assessments_cli
from plugins.assessments.i18n import _, _l
from plugins.assessments.models import OPEN, Assessment, Status, is_open
from portal.api import (
    CASEWORKERS,
    ClientTask,
    EvidenceItem,
    LinkResender,
    NavItem,
    Panel,
    Placement,
    QueueItem,
    Role,
    Widget,
    clock,
    db,
    hookimpl,
    localized,
    once_per_request,
    own_client,
)


@hookimpl
def portal_api_blueprints(app):
    from plugins.assessments.api import api

    return api


@hookimpl
def portal_blueprints(app):
    from plugins.assessments.views import bp

    return bp


@hookimpl
def portal_link_resenders():
    return LinkResender("assessments.by_link", links.resend)


@hookimpl
def portal_cli_commands():
    return assessments_cli


@hookimpl
def portal_figure_shares():
    return feedback.shares()


@hookimpl
def portal_assessment_forms():
    return builtin_forms()


@hookimpl
def portal_nav_items(user):
    return NavItem(
        "assessments.index",
        _l("Assessments"),
        order=50,
        roles=frozenset({"coach", "admin", "employer", "client"}),
    )


@hookimpl
def portal_client_created(client, actor):
    services.schedule_intake(client)


@hookimpl
def portal_placement_started(placement, actor):
    services.schedule(placement, ("placement_start", "midway", "placement_end"))


@hookimpl
def portal_placement_ended(placement, actor, reason):
    services.placement_ended(placement)


@hookimpl
def portal_checkpoint_opened(checkpoint, actor):
    running = db.session.scalar(
        select(Placement).where(
            Placement.client_id == checkpoint.client_id,
            Placement.ended_on.is_(None),
            Placement.start_date <= clock.today(),
            Placement.end_date >= clock.today(),
        )
    )
    if running is not None:
        services.schedule(running, ("checkpoint",))


@hookimpl
def portal_risk_signal_queries(client_ids, today):
    return signals.low_result_signal(client_ids, today)


@hookimpl(optionalhook=True)  # declared by the recognition plugin
def portal_evidence_items(client):
    locale = str(get_locale())
    items = db.session.scalars(
        services.submitted_for([client.id]).where(Assessment.filled_by != "client")
    ).unique()
    return [
        EvidenceItem(
            "assessment",
            f"assessment:{item.id}",
            _("Assessment: %(form)s", form=localized(item.definition.content["title"], locale)),
            item.submitted_at.date() if item.submitted_at else None,
        )
        for item in items
    ]


def _open_for(query):
    """The first ten open assessments of ``query``, soonest due first (from the open
    assessments' own index, ``is_open``)."""
    soonest = (Assessment.due_on, Assessment.id)
    return db.session.scalars(query.where(is_open()).order_by(*soonest).limit(10)).unique().all()


def _self_assessments(client) -> list[Assessment]:
    """The young person's open self-assessments and their baseline, soonest due first: the
    start page makes sure of the baseline and lists the ones to fill from one statement."""
    return once_per_request(
        ("assessments.self", client.id),
        lambda: (
            db.session.scalars(
                services.with_people(select(Assessment))
                .where(
                    Assessment.client_id == client.id,
                    Assessment.filled_by == "client",
                    or_(Assessment.status.in_(OPEN), Assessment.occasion == "intake"),
                )
                .order_by(Assessment.due_on)
            )
            .unique()
            .all()
        ),
    )


def _open_of(user):
    """The open assessments ``user`` answers or waits for: the start page's widget and the
    supervisor's queue show the same ones, read once."""
    from plugins.assessments.views import mine

    return once_per_request(("assessments.open", user.id), lambda: _open_for(mine(user)))


@hookimpl
def portal_client_panels(client, viewer):
    from plugins.assessments.views import mine

    if viewer.role not in (*CASEWORKERS, Role.EMPLOYER):
        return None

    def context():
        staff = viewer.role in CASEWORKERS
        own = mine(viewer).where(Assessment.client_id == client.id)
        if staff:  # the open ones and the results in one statement
            found = (
                db.session.scalars(
                    own.where(Assessment.status.in_((*OPEN, Status.SUBMITTED))).order_by(
                        Assessment.id
                    )
                )
                .unique()
                .all()
            )
            submitted = [a for a in found if a.status == Status.SUBMITTED]
            waiting = sorted((a for a in found if a.status in OPEN), key=lambda a: a.due_on)
        else:
            submitted, waiting = [], _open_for(own)
        return {
            "client_id": client.id,
            "open_items": waiting[:10],
            "show_results": staff,
            "series": services.skill_series(submitted),
        }

    return Panel(
        "assessments", _l("Assessments"), "assessments/_panel.html", context=context, order=35
    )


@hookimpl
def portal_client_tasks(client, viewer, today):
    """Self-assessments to fill (the baseline is made sure of by the start page's widgets)."""
    from flask import url_for

    waiting = [a for a in _self_assessments(client) if a.status in OPEN][:10]
    locale = str(get_locale())
    return [
        ClientTask(
            "self_assessment",
            "face",
            _(
                "Fill in your self-assessment: %(form)s",
                form=localized(item.definition.content["title"], locale),
            ),
            url_for("assessments.fill", assessment_id=item.id),
            due=item.due_on,
            order=20,
        )
        for item in waiting[:3]
    ]


@hookimpl
def portal_dashboard_widgets(user):
    if user.role not in (Role.EMPLOYER, Role.CLIENT, Role.COACH):
        return None
    if user.role == Role.CLIENT and (client := own_client(user)) is not None:
        # The young person's first visit: the baseline self-assessment if they have none yet
        # (one invited after their intake had none). Before the page loads anything.
        baseline.ensure_baseline(client, _self_assessments(client))
    titles = {
        Role.EMPLOYER: _l("Assessments to fill in"),
        Role.CLIENT: _l("My self-assessments"),
        Role.COACH: _l("Assessments waiting for answers"),
    }
    return Widget(
        "assessments-waiting",
        titles[user.role],
        "assessments/_waiting.html",
        context=lambda: {"items": _open_of(user), "today": clock.today()},
        order=22,
    )


@hookimpl
def portal_supervisor_queue(user):
    from flask import url_for

    if user.role != Role.EMPLOYER:
        return None
    return [
        QueueItem(
            "assessments",
            _l("Assessments to fill in"),
            f"{item.client.first_name} {item.client.last_name}",
            url_for("assessments.fill", assessment_id=item.id),
            due=item.due_on,
            order=20,
        )
        for item in _open_of(user)
    ]


@hookimpl
def portal_demo_data(today):
    from plugins.assessments.demo import load

    load(today)


@hookimpl
def portal_demo_scale(client_ids, today, seed):
    from plugins.assessments.scale import add

    add(client_ids, today, seed)


@hookimpl
def portal_review_agenda(placement, since):
    from plugins.assessments.agenda import review_agenda

    return review_agenda(placement, since)


@hookimpl
def portal_personal_data():
    from plugins.assessments.privacy import personal_tables

    return personal_tables()
