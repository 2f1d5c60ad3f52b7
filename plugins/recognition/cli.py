"""``flask --app wsgi qualifications import FILE...``"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from plugins.recognition import catalog
from plugins.recognition.eperusteet import ImportRefused
from plugins.recognition.i18n import _
from portal.api import db


@click.group("qualifications", help="The qualification catalog (ePerusteet).")
def qualifications() -> None:
    pass


@qualifications.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_command(files: tuple[Path, ...]) -> None:
    """Import ePerusteet JSON files in one transaction: all of them, or nothing."""
    report = catalog.ImportReport()
    for path in files:
        try:
            if not path.is_file():
                raise ImportRefused(_("The file does not exist."))
            catalog.check_size(path.stat().st_size)
            report.add(catalog.import_file(path.read_bytes()))
        except ImportRefused as error:
            db.session.rollback()
            click.echo(f"{path}: {error}", err=True)
            click.echo(_("Nothing was imported."), err=True)
            sys.exit(1)
    db.session.commit()
    for note in report.skipped:
        click.echo(_("Skipped: %(note)s", note=note))
    click.echo(report.summary())
