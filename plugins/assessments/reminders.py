"""Reminders of overdue assessments: at most two, a week apart, to whoever fills the form."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, select

from plugins.assessments import definitions
from plugins.assessments.i18n import _
from plugins.assessments.models import OPEN, Assessment
from plugins.assessments.services import with_people
from portal.api import clock, db, public_url, send_mail

MAX_REMINDERS = 2
REMINDER_GAP_DAYS = 7


def send_now(item: Assessment) -> bool:
    """A coach's reminder: True when it was sent (and recorded)."""
    sent = _remind(item, clock.today())
    if sent:
        db.session.commit()
    return sent


def send_due(today: date) -> int:
    """Remind about every overdue assessment that may be reminded today; how many were sent."""
    sent = sum(_remind(item, today) for item in db.session.scalars(_due(today)).unique().all())
    db.session.commit()
    return sent


def _due(today: date) -> Select:
    """Overdue open assessments that may get their first or second reminder today."""
    gap = today - timedelta(days=REMINDER_GAP_DAYS)
    return with_people(select(Assessment)).where(
        Assessment.status.in_(OPEN),
        Assessment.due_on < today,
        Assessment.reminders_sent < MAX_REMINDERS,
        (Assessment.last_reminder_on.is_(None)) | (Assessment.last_reminder_on <= gap),
    )


def _recipient(item: Assessment) -> str:
    if item.filled_by == "client":
        return item.client.user.email if item.client.user else ""
    if item.filled_by == "supervisor" and item.placement and item.placement.supervisor:
        return item.placement.supervisor.email
    return ""


def _remind(item: Assessment, today: date) -> bool:
    """Send a reminder if one is still allowed; True when sent."""
    if item.status not in OPEN or item.reminders_sent >= MAX_REMINDERS:
        return False
    recipient = _recipient(item)
    if not recipient:
        return False
    title = definitions.title(item.definition.content)
    send_mail(
        recipient,
        _("Reminder: %(form)s", form=title),
        _(
            'The assessment "%(form)s" of %(name)s was due on %(day)s. Fill it in here: %(url)s',
            form=title,
            name=item.client.first_name,
            day=item.due_on.strftime("%d.%m.%Y"),
            url=public_url("assessments.fill", assessment_id=item.id),
        ),
    )
    item.reminders_sent += 1
    item.last_reminder_on = today
    return True
