"""``flask reports quality`` and ``flask reports remind-quality`` (daily, from the scheduler)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import ClientChecks, User
from portal.reports import kept, quality, reminders


@click.group("reports")
def reports_group() -> None:
    """Funder reporting: the ESF+ indicators, the data-quality check and its reminders."""


@reports_group.command("quality")
@click.option("--coach", "coach_id", type=int, default=None, help="Only this coach's participants.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any problem is found.")
@with_appcontext
def quality_command(coach_id: int | None, strict: bool) -> None:
    """List each participant's missing, contradictory and overdue data, by coach."""
    if coach_id is not None and db.session.get(User, coach_id) is None:
        raise click.ClickException(f"No user with the id {coach_id}.")
    today = clock.today()
    scope = quality.Projects()
    coaches = quality.by_coach(scope, today, coach_id)
    names = {c.coach_id: c.name for c in coaches}
    checks = {c.key: c for c in quality.CHECKS}
    coach = None
    for row in quality.problem_rows(scope, today, coach_id=coach_id):
        if row.coach_id != coach:
            coach = row.coach_id
            click.echo(f"# {names.get(coach) or '-'} ({coach})")
        for key in row.found:
            check = checks[key]
            click.echo(f"{row.client_id}\t{check.category}\t{key}\t{check.label}")
    summary = quality.summary_of(coaches)
    click.echo(
        f"{summary.participants} participants checked, {summary.with_problems} with open problems."
    )
    if strict and summary.with_problems:
        raise SystemExit(1)


@reports_group.command("remind-quality")
@with_appcontext
def remind_quality_command() -> None:
    """Remind coaches of their participants' data problems before a deadline (run daily)."""
    click.echo(f"{reminders.send_due(clock.today())} reminders sent.")


@reports_group.command("refresh-quality")
@with_appcontext
def refresh_quality_command() -> None:
    """Rewrite every participant's kept data-quality checks and dashboard figures (after writes
    that bypass the portal, such as a restore or a bulk load straight into the database)."""
    kept.refresh()
    db.session.commit()
    count = db.session.scalar(select(func.count()).select_from(ClientChecks))
    click.echo(f"The checks and figures of {count} participants rewritten.")
