"""A large ePerusteet import as a background job (when jobs run on a worker).

The view stages the uploaded files under the job files, the job imports them in one
transaction as the page would, and its result is the import report as a text file for the
admin who asked. The staged files are removed whatever happens.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from werkzeug.datastructures import FileStorage

from plugins.recognition import catalog
from plugins.recognition.i18n import _
from portal.api import job_files, start_job


def stage(files: list[FileStorage]) -> list[str]:
    """Save the uploads where the worker reads them; their paths."""
    folder = Path(job_files()) / f"incoming-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    paths = []
    for n, upload in enumerate(files):
        path = folder / f"{n}.json"
        upload.save(path)
        paths.append(str(path))
    return paths


def start(user, files: list[FileStorage], names: list[str]):
    return start_job(user, "recognition_import", run, stage(files), names)


def run(ctx, paths: list[str], names: list[str]) -> None:
    """Import the staged files (all or nothing) and write the report."""
    try:
        ctx.progress(0, len(paths))
        report = catalog.import_all(
            (name, Path(path).read_bytes) for name, path in zip(names, paths, strict=True)
        )
        ctx.progress(len(paths), len(paths))
        with ctx.open("import-report.txt", "w") as out:
            out.write(report.summary() + "\n")
            for note in report.skipped:
                out.write(f"{_('Skipped')}: {note}\n")
    except catalog.FileRefused as refused:
        with ctx.open("import-report.txt", "w") as out:
            out.write(
                _("%(file)s: %(why)s Nothing was imported.", file=refused.name, why=refused.reason)
                + "\n"
            )
    finally:
        if paths:
            shutil.rmtree(Path(paths[0]).parent, ignore_errors=True)
