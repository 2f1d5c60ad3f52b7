"""``flask reports esf``: the ESF+ common indicators for a period of whole months."""

from __future__ import annotations

import sys
from calendar import monthrange
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.app.extensions import db
from portal.esf import exports, indicators
from portal.models import Client, Group, Project
from portal.reports.periods import Filters


def _month(value: str, *, last: bool) -> date:
    """ "2026-03" -> the first (or last) day of March 2026; a clear error otherwise."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a month written as YYYY-MM.") from None
    if not 2000 <= year <= 2100:
        raise click.BadParameter(f"{value!r} is outside the years 2000-2100.")
    return first.replace(day=monthrange(year, month)[1]) if last else first


@click.command("esf")
@click.option("--from", "start", required=True, help="First month, YYYY-MM.")
@click.option("--to", "end", required=True, help="Last month, YYYY-MM.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx"]), default="text")
@click.option("--group", "group_id", type=int, default=None, help="Only this group's members.")
@click.option(
    "--project", "project_id", type=int, default=None, help="Only this project's participants."
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_appcontext
def esf_command(
    start: str,
    end: str,
    fmt: str,
    group_id: int | None,
    project_id: int | None,
    output: Path | None,
):
    """The ESF+ common indicators of the participants who entered in the period, by gender,
    protected as on the page (counts of 1-4 as <5); with ``--project``, against that
    project's targets."""
    filters = Filters(
        start=_month(start, last=False), end=_month(end, last=True), group_id=group_id
    )
    if filters.end < filters.start:
        raise click.UsageError("The period cannot end before it starts.")
    if group_id is not None and db.session.get(Group, group_id) is None:
        raise click.UsageError(f"There is no group {group_id}.")
    scope, settings = select(Client.id), None
    if project_id is not None:
        settings = db.session.get(Project, project_id)
        if settings is None:
            raise click.UsageError(f"There is no project {project_id}.")
        scope = scope.where(Client.project_id == project_id)
    report = indicators.report(scope, filters, settings)
    if fmt == "xlsx":
        body = exports.as_xlsx(report)
        if output:
            output.write_bytes(body)
        else:
            sys.stdout.buffer.write(body)
        return
    text = exports.as_csv(report) if fmt == "csv" else exports.as_text(report)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
