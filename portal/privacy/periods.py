"""When a client's data is due for removal: the retention periods applied to one client."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Select, func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, PathwayState, Project, StateTransition
from portal.reports.settings import project_settings

#: Phases in which the young person has not yet taken part in the funded activities.
NOT_YET_PARTICIPATING = (PathwayState.REFERRED, PathwayState.INTAKE)


def months_before(day: date, months: int) -> date:
    """``day`` moved back by ``months`` calendar months (the 31st becomes the month's end)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def funder_retention_until(project: Project | None = None) -> date | None:
    """The last day the funder requires the project's participant records (the default
    project's without one), or None without such a duty."""
    years = current_app.config["RETENTION_FUNDER_YEARS"]
    if not years:
        return None
    end = (project or project_settings()).period_end
    return months_before(end, -12 * years)


def sensitive_cutoff() -> date:
    """Relationships closed on or before this day have their sensitive data removed."""
    return months_before(clock.today(), current_app.config["RETENTION_SENSITIVE_MONTHS"])


def closed_on() -> Select:
    """(client id, day the relationship was last closed) for closed clients."""
    closed_at = func.max(StateTransition.at)
    return (
        select(StateTransition.client_id, closed_at.label("closed_at"))
        .where(StateTransition.to_state == PathwayState.CLOSED)
        .group_by(StateTransition.client_id)
    )


def sensitive_due() -> Select:
    """Clients whose relationship has been closed for the configured time."""
    closed = closed_on().subquery()
    cutoff = datetime.combine(sensitive_cutoff() + timedelta(days=1), time.min)
    cutoff = cutoff.replace(tzinfo=clock.PROJECT_TIME_ZONE).astimezone(UTC)
    return (
        select(Client.id)
        .join(closed, closed.c.client_id == Client.id)
        .where(Client.state == PathwayState.CLOSED, closed.c.closed_at < cutoff)
    )


def anonymisation_due() -> Select:
    """Clients not yet anonymised once their own project's funder retention period is over
    (each project has its own period: ADR 0029)."""
    query = select(Client.id).where(Client.anonymised_at.is_(None))
    years = current_app.config["RETENTION_FUNDER_YEARS"]
    if not years:
        return query
    # the projects whose retention ended before today: period_end + years < today
    ended_before = months_before(clock.today(), 12 * years)
    over = select(Project.id).where(Project.period_end < ended_before)
    return query.where(Client.project_id.in_(over))


@dataclass(frozen=True)
class ClientSchedule:
    """What happens to one client's data and when, for the admin's privacy page."""

    closed_on: date | None
    sensitive_removed_from: date | None
    anonymised_from: date | None
    erasure_blocked_until: date | None


def schedule_of(client: Client) -> ClientSchedule:
    closed = db.session.execute(closed_on().where(StateTransition.client_id == client.id)).first()
    closed_day = None
    if closed is not None and client.state == PathwayState.CLOSED:
        at = closed.closed_at
        at = at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite returns naive UTC
        closed_day = at.astimezone(clock.PROJECT_TIME_ZONE).date()
    months = current_app.config["RETENTION_SENSITIVE_MONTHS"]
    until = funder_retention_until(db.session.get(Project, client.project_id))
    participated = client.state not in NOT_YET_PARTICIPATING
    return ClientSchedule(
        closed_on=closed_day,
        sensitive_removed_from=months_before(closed_day, -months) if closed_day else None,
        anonymised_from=until,
        erasure_blocked_until=until if participated and until and clock.today() <= until else None,
    )
