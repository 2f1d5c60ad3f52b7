"""What the onboarding plugin puts on the young person's home: this week's steps to tick (one
tap each) and how many steps of the placement's checklist are ticked."""

from __future__ import annotations

from datetime import date, timedelta

from flask import g, url_for

from plugins.onboarding import marking, services
from plugins.onboarding.i18n import _
from portal.api import Client, ClientTask, ProgressMeter, User

#: Steps due within this many days count as "to do now".
AHEAD = timedelta(days=6)


def _running(client: Client, today: date) -> services.ProgressView | None:
    """The running placement's progress, read once per request for both of the home's hooks."""
    cache = g.setdefault("_onboarding_home", {})
    if client.id not in cache:
        views = services.client_progress(client.id, today)
        cache[client.id] = next((v for v in views if v.active), None)
    return cache[client.id]


def client_tasks(client: Client, viewer: User, today: date) -> list[ClientTask]:
    view = _running(client, today)
    if view is None:
        return []
    return [
        ClientTask(
            "onboarding_step",
            "check",
            _("Today at work: %(step)s", step=s.step["title"]),
            url_for("mypath.card", key="onboarding"),
            due=s.due,
            action_url=url_for("onboarding.mark", progress_id=view.progress.id, key=s.step["key"]),
            action_label=_("I did this"),
            fields={"done_on": today.isoformat(), "next": url_for("main.index")},
            order=10,
        )
        for s in view.steps
        if s.mark is None and s.due <= today + AHEAD and marking.may_mark(viewer, s.step)
    ][:3]


def client_progress(client: Client, viewer: User, today: date) -> ProgressMeter | None:
    view = _running(client, today)
    if view is None or not view.steps:
        return None
    return ProgressMeter(
        "onboarding",
        _(
            "Steps ticked on my checklist: %(done)d of %(total)d",
            done=view.done,
            total=len(view.steps),
        ),
        view.done,
        len(view.steps),
        order=20,
    )
