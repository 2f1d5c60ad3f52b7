"""``flask --app wsgi qualifications import FILE...``"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import click

from plugins.recognition import catalog
from plugins.recognition.eperusteet import ImportRefused
from plugins.recognition.i18n import _


@click.group("qualifications", help="The qualification catalog (ePerusteet).")
def qualifications() -> None:
    pass


@qualifications.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_command(files: tuple[Path, ...]) -> None:
    """Import ePerusteet JSON files in one transaction: all of them, or nothing."""
    try:
        report = catalog.import_all((str(path), partial(_read, path)) for path in files)
    except catalog.FileRefused as refused:
        click.echo(str(refused), err=True)
        click.echo(_("Nothing was imported."), err=True)
        sys.exit(1)
    for note in report.skipped:
        click.echo(_("Skipped: %(note)s", note=note))
    click.echo(report.summary())


def _read(path: Path) -> bytes:
    """The file's content; a missing or too big file is refused before it is read."""
    if not path.is_file():
        raise ImportRefused(_("The file does not exist."))
    catalog.check_size(path.stat().st_size)
    return path.read_bytes()
