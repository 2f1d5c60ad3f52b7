"""``flask imports clean``: the import previews past ``IMPORT_PREVIEW_KEPT`` removed (they hold
personal data); the scheduler runs it every hour."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.imports import previews


@click.group("imports", help="Spreadsheet imports of young people and companies.")
def imports_group() -> None:
    pass


@imports_group.command("clean")
@with_appcontext
def clean_command() -> None:
    """Remove the import previews past IMPORT_PREVIEW_KEPT (run hourly)."""
    click.echo(f"{previews.remove_expired()} import previews removed")
