"""``flask --app wsgi assessments send-reminders``: run daily (cron or a scheduler)."""

from __future__ import annotations

import click

from plugins.assessments import services
from plugins.assessments.i18n import _
from portal.api import clock, db


@click.group("assessments", help="Assessment forms.")
def assessments_cli() -> None:
    pass


@assessments_cli.command("send-reminders")
def send_reminders() -> None:
    """Remind about overdue assessments: at most two reminders, a week apart."""
    today = clock.today()
    sent = sum(
        services.remind(item, today)
        for item in db.session.scalars(services.due_reminders(today)).unique().all()
    )
    db.session.commit()
    click.echo(_("%(n)d reminder(s) sent.", n=sent))
