"""Reminders to coaches, before each reporting deadline, to fix their participants' data.

``flask reports remind-quality`` runs daily. For each project, from its ``quality_remind_days``
before each of its deadlines up to the deadline itself, each coach whose participants in that
project have open problems gets one message (in their language, naming the project) with the
count and a link to the check; the ``quality_reminders`` row written with the message keeps it
to one per project, coach and deadline, however often the job runs.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select

from portal.app.extensions import db
from portal.app.mail import send_mail
from portal.auth.accounts import public_url
from portal.models import Project, QualityReminder, Role, User
from portal.reports import quality


def upcoming(project: Project, today: date) -> list[date]:
    """The project's deadlines whose reminder period includes ``today``."""
    lead = timedelta(days=project.quality_remind_days)
    return [d for d in project.deadlines() if d - lead <= today <= d]


def send_due(today: date) -> int:
    """Send the reminders due today, project by project, that have not been sent; how many
    were sent. A coach is reminded of their participants in the project whose deadline it is."""
    sent = 0
    for project in db.session.scalars(select(Project).order_by(Project.id)).all():
        deadlines = upcoming(project, today)
        if deadlines:
            sent += _send_for(project, deadlines, today)
    db.session.commit()
    return sent


def _send_for(project: Project, deadlines: list[date], today: date) -> int:
    coaches_counted = quality.by_coach(quality.Projects((project.id,)), today)
    counts = {c.coach_id: c.with_problems for c in coaches_counted if c.with_problems}
    coaches = db.session.scalars(
        select(User).where(User.id.in_(counts), User.role == Role.COACH, User.active)
    ).all()
    sent = 0
    for deadline in deadlines:
        done = set(
            db.session.scalars(
                select(QualityReminder.coach_id).where(
                    QualityReminder.project_id == project.id, QualityReminder.deadline == deadline
                )
            )
        )
        for coach in coaches:
            if coach.id not in done:
                _remind(coach, deadline, counts[coach.id], project)
                sent += 1
    return sent


def _remind(coach: User, deadline: date, problems: int, project: Project) -> None:
    db.session.add(
        QualityReminder(
            project_id=project.id, deadline=deadline, coach_id=coach.id, problems=problems
        )
    )
    with force_locale(coach.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _(
            "%(project)s: check your participants' data before %(day)s",
            project=project.name,
            day=format_date(deadline),
        )
        body = _(
            "The project reports to its funder on %(day)s. %(count)d of your participants "
            "have missing, contradictory or overdue data. See what to fix: %(url)s",
            day=format_date(deadline),
            count=problems,
            url=public_url("quality.index", project=str(project.id)),
        )
    send_mail(coach.email, subject, body)
