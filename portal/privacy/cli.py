"""``flask retention run`` (daily, from cron or a systemd timer)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.privacy import retention


@click.group("retention")
def retention_group() -> None:
    """Remove and anonymise personal data whose retention period is over."""


@retention_group.command("run")
@click.option("--dry-run", is_flag=True, help="Count what would change; change nothing.")
@with_appcontext
def run_command(dry_run: bool) -> None:
    """Run the retention job once and print what it changed (or would change), per kind."""
    report = retention.run(dry_run=dry_run)
    click.echo(("Dry run: nothing was changed.\n" if dry_run else "") + report.summary())
    for kind, tables in report.rows.items():
        for table, count in sorted(tables.items()):
            click.echo(f"  {kind:10} {table:32} {count}")
