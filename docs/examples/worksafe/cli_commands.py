"""portal_cli_commands: ``flask worksafe starting --days 7`` lists who needs a briefing."""

from datetime import timedelta

import click
from sqlalchemy import select

from portal.api import Client, Company, Placement, clock, db, hookimpl


@click.group("worksafe")
def worksafe():
    """Work safety."""


@worksafe.command("starting")
@click.option("--days", type=click.IntRange(0, 60), default=7, show_default=True)
def starting(days):
    """Placements that start within DAYS days."""
    today = clock.today()
    rows = db.session.execute(
        select(Placement.start_date, Company.name, Client.first_name)
        .join(Company, Company.id == Placement.company_id)
        .join(Client, Client.id == Placement.client_id)
        .where(Placement.start_date.between(today, today + timedelta(days=days)))
        .order_by(Placement.start_date)
    ).all()
    for start, company, first_name in rows:
        click.echo(f"{start:%d.%m.%Y}  {company}  {first_name}")


@hookimpl
def portal_cli_commands():
    return worksafe
