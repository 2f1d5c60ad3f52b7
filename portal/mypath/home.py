"""The young person's home: what to do now, how far they are, when they meet next and whom to
call. The core's own tasks (a review to confirm, an application to tell about) come from the
records "my path" loads anyway; plugins add theirs through ``portal_client_tasks`` and
``portal_client_progress``, each in a statement or two, so the page's statement count stays
fixed whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from portal.clients.overview import ClientFile
from portal.hooks.manager import collect
from portal.hooks.types import ClientTask, ProgressMeter
from portal.models import JobSearchKind, JobSearchResult, PathwayState, Review, User

#: The pathway's phases as the young person sees them; a Check Point belongs to the placement.
PHASES = (
    PathwayState.INTAKE,
    PathwayState.ATTITUDE_TRAINING,
    PathwayState.WORKPLACE_COACHING,
    PathwayState.PATHWAY,
    PathwayState.FOLLOW_UP,
)
PHASE_OF = {
    PathwayState.REFERRED: PathwayState.INTAKE,
    PathwayState.CHECKPOINT: PathwayState.WORKPLACE_COACHING,
    PathwayState.CLOSED: PathwayState.FOLLOW_UP,
}


@dataclass
class Phase:
    state: PathwayState
    current: bool
    passed: bool


@dataclass
class Home:
    tasks: list[ClientTask]
    meters: list[ProgressMeter]
    phases: list[Phase]
    next_meeting: date | None


def core_tasks(file: ClientFile, reviews: list[Review]) -> list[ClientTask]:
    """Reviews to read and confirm, and applications still waiting for a result."""
    tasks = [
        ClientTask(
            "review",
            "review",
            _("Read and confirm the review of %(day)s", day=review_day(review)),
            url_for("mypath.review", review_id=review.id),
            order=30,
        )
        for review in reviews
        if review.held_on and not review.client_confirmed_at and not review.cancelled_on
    ]
    tasks += [
        ClientTask(
            "job_application",
            "briefcase",
            _("How did your application to %(place)s go?", place=entry.organisation),
            url_for("mypath.job_search") + f"#job-{entry.id}",
            order=40,
        )
        for entry in file.job_search
        if entry.result == JobSearchResult.PENDING and entry.kind == JobSearchKind.APPLICATION
    ][:3]
    return tasks


def review_day(review: Review) -> str:
    return format_date(review.held_on or review.scheduled_on, "short")


def placement_meter(file: ClientFile, today: date) -> ProgressMeter | None:
    """Days done of the running placement's length."""
    placement = file.running_placement
    if placement is None:
        return None
    total = (placement.last_day - placement.start_date).days + 1
    done = max(0, min(total, (today - placement.start_date).days + 1))
    return ProgressMeter(
        "placement",
        _(
            "Days at %(company)s: %(done)d of %(total)d",
            company=placement.company.name,
            done=done,
            total=total,
        ),
        done,
        total,
        order=10,
    )


def phases(state: str) -> list[Phase]:
    current = PHASE_OF.get(PathwayState(state), PathwayState(state))
    index = PHASES.index(current)
    closed = state == PathwayState.CLOSED
    return [
        Phase(phase, i == index and not closed, i < index or closed)
        for i, phase in enumerate(PHASES)
    ]


def next_meeting(file: ClientFile, reviews: list[Review], today: date) -> date | None:
    """The nearest agreed meeting: a Check Point talk, a review, or the coach's follow-up call."""
    days = [r.scheduled_on for r in reviews if not r.held_on and not r.cancelled_on]
    days += [f.due_date for f in file.follow_ups]
    checkpoint = file.open_checkpoint
    if checkpoint is not None and checkpoint.next_meeting:
        days.append(checkpoint.next_meeting)
    upcoming = [day for day in days if day >= today]
    return min(upcoming, default=None)


def build_home(file: ClientFile, reviews: list[Review], viewer: User, today: date) -> Home:
    tasks = core_tasks(file, reviews) + collect(
        "portal_client_tasks", client=file.client, viewer=viewer, today=today
    )
    meters = collect("portal_client_progress", client=file.client, viewer=viewer, today=today)
    meter = placement_meter(file, today)
    return Home(
        tasks=sorted((t for t in tasks if not t.done), key=lambda t: t.order),
        meters=([meter] if meter else []) + meters,
        phases=phases(file.client.state),
        next_meeting=next_meeting(file, reviews, today),
    )
