"""The row-level client export as a background job: progress as it goes, a file at the end.

The rows are the same as the streamed download's (``exports.client_rows``), taken in the
scope of the user who asked, read in batches and written as they come: CSV straight to the
file, XLSX through openpyxl's write-only mode, so memory stays flat at any size.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, select

from portal.access.scoping import visible_clients
from portal.app import clock
from portal.app.extensions import db
from portal.jobs.records import JobContext
from portal.models import Client, Role
from portal.reports import exports
from portal.reports.figures import population
from portal.reports.periods import Filters

#: Rows between two progress updates.
PROGRESS_EVERY = exports.ROW_BATCH


def _counted(rows: Iterator[list[Any]], ctx: JobContext, total: int) -> Iterator[list[Any]]:
    yield next(rows)  # the header
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ctx.progress(done, total)
    ctx.progress(done, total, final=True)


def client_export(
    ctx: JobContext,
    fmt: str,
    start: str,
    end: str,
    group_id: int | None,
    project_id: int | None = None,
) -> None:
    """Build the export for ``ctx.user`` (the admin who asked; checked again here), of one
    project's clients or (``project_id`` None) of every project's."""
    if ctx.user is None or not ctx.user.active or ctx.user.role != Role.ADMIN:
        raise PermissionError("only an active admin exports client rows")
    scope = visible_clients(ctx.user).with_only_columns(Client.id)
    if project_id is not None:
        scope = scope.where(Client.project_id == project_id)
    filters = Filters(date.fromisoformat(start), date.fromisoformat(end), group_id)
    total = db.session.scalar(
        select(func.count()).select_from(population(scope, filters).subquery())
    )
    ctx.progress(0, total, final=True)
    rows = _counted(exports.client_rows(scope, filters, ctx.user), ctx, total)
    name = f"polku-clients-{clock.today().isoformat()}.{fmt}"
    if fmt == "csv":
        with ctx.open(name, "w") as out:
            exports.write_csv(rows, out)
    else:
        with ctx.open(name) as out:
            exports.write_xlsx(rows, out)
