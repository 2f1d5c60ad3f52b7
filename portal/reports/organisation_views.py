"""The organisation view (every project side by side) and the "came back" table and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.access.permissions import CASEWORKERS, roles_required
from portal.app import clock
from portal.models import Project
from portal.models.labels import OUTCOME_LABELS
from portal.reports import came_back, charts, organisation, scopes
from portal.reports.cache import cached
from portal.reports.exports import _safe_row
from portal.reports.forms import LeaversForm
from portal.reports.periods import Filters
from portal.reports.projects import Choice, from_request, projects_in_reach
from portal.reports.written import Written

bp = Blueprint("organisation", __name__, url_prefix="/reports")


def leavers_period(form: LeaversForm, projects: list[Project]) -> Filters | None:
    """Leavers from the first project's start (or the form's date) up to today (or the form's
    date), in whole months; None with the form's errors when the dates are wrong."""
    if not form.validate():
        return None
    today = clock.today()
    first = min((p.period_start for p in projects), default=date(today.year, 1, 1))
    return Filters(start=form.start.data or first, end=form.end.data or today).whole_months()


def came_back_table(choice: Choice, filters: Filters) -> came_back.CameBack:
    """The came-back figures of the projects chosen, cached until the data changes."""
    key = f"came_back:{current_user.id}:{choice.key()}:{filters.key()}"
    scope = scopes.of_viewer(current_user, choice.ids())
    return cached(key, lambda: came_back.compute(scope, filters))


@bp.route("/projects")
@roles_required("admin", "project_manager")
def projects():
    """Admin: every project; a project manager: their own project's row only."""
    offered = projects_in_reach(current_user)
    form = LeaversForm(request.args)
    filters = leavers_period(form, offered)
    rows = organisation.project_rows(offered)
    table = came_back_table(Choice(None, offered), filters) if filters else None
    names = {p.id: p.name for p in offered}
    written = Written()
    return render_template(
        "reports/projects.html",
        form=form,
        rows=charts.project_cells(written, rows),
        filters=filters,
        came_back=table,
        came_back_rows=table and charts.came_back_rows(written, table, names, OUTCOME_LABELS),
        project_names=names,
        windows=came_back.WINDOWS,
        headers=_headers(),
    ), (200 if filters else 400)


def _headers() -> list[str]:
    """The organisation table's column titles (two of them hold a "%", which a template's
    ``_()`` would read as a placeholder)."""
    return [
        _("Project"),
        _("Funder"),
        _("Period"),
        _("Clients who entered"),
        _("Target: clients"),
        _("In progress"),
        _("Left the project"),
        _("Employed or studying of those who left (%)"),
        _("Target: employed or studying (%)"),
    ]


@bp.route("/came-back.csv")
@roles_required(*CASEWORKERS)
def came_back_csv():
    """The came-back table as CSV, for ``?project=`` (or every project in reach)."""
    choice, _lists = from_request(current_user)
    form = LeaversForm(request.args)
    filters = leavers_period(form, choice.offered)
    if filters is None:
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return Response(message, 400, mimetype="text/plain; charset=utf-8")
    table = came_back_table(choice, filters)
    names = {p.id: p.name for p in choice.offered}
    body = csv_text(table, names)
    name = f"polku-came-back-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_text(table: came_back.CameBack, names: dict[int, str]) -> str:
    """One line a row (all, by project, by outcome type), each window's three figures."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = [_("Breakdown"), _("Row")]
    for months in came_back.WINDOWS:
        header += [
            _("Left, %(months)d months passed", months=months),
            _("Came back within %(months)d months", months=months),
            _("Came back within %(months)d months (%%)", months=months),
        ]
    writer.writerow(header)
    lines = [(_("All"), _("All projects"), table.total)]
    lines += [(_("Project"), names.get(r.key, ""), r) for r in table.by_project]
    lines += [(_("Outcome"), str(OUTCOME_LABELS.get(r.key, r.key)), r) for r in table.by_outcome]
    for breakdown, label, row in lines:
        values: list = [breakdown, label]
        for months in came_back.WINDOWS:
            window = row.windows[months]
            values += [window.leavers, window.came_back, "" if window.rate is None else window.rate]
        writer.writerow(_safe_row(values))
    return out.getvalue()
