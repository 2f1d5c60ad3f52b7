"""``flask --app wsgi assessments send-reminders``: run daily (cron or a scheduler)."""

from __future__ import annotations

import click

from plugins.assessments import reminders
from plugins.assessments.i18n import _
from portal.api import clock


@click.group("assessments", help="Assessment forms.")
def assessments_cli() -> None:
    pass


@assessments_cli.command("send-reminders")
def send_reminders() -> None:
    """Remind about overdue assessments: at most two reminders, a week apart."""
    sent = reminders.send_due(clock.today())
    click.echo(_("%(n)d reminder(s) sent.", n=sent))
