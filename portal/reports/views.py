"""The dashboard, the funder report and the exports."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select
from wtforms import SelectChoice

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.pickers import group_choice_list
from portal.access.scoping import get_group_or_404, visible_clients
from portal.app import clock
from portal.app.extensions import limiter
from portal.app.parsing import int_arg
from portal.hooks.contributions import render_items
from portal.hooks.manager import collect
from portal.hooks.types import Widget
from portal.models import (
    Client,
    FollowUpResult,
    OutcomeKind,
    PathwayState,
    Project,
    Role,
)
from portal.models.labels import FOLLOW_UP_LABELS, OUTCOME_LABELS, STATE_LABELS
from portal.projects.views import edit as edit_project
from portal.reports import charts, exports, funder, projects, scopes
from portal.reports.cache import cached
from portal.reports.came_back import WINDOWS
from portal.reports.figures import Filters, compute
from portal.reports.forms import PeriodForm
from portal.reports.kpis import kpis, trends
from portal.reports.organisation_views import came_back_table
from portal.reports.projects import Choice
from portal.reports.settings import project_settings
from portal.reports.suppression import cell
from portal.reports.written import Written

bp = Blueprint("reports", __name__, url_prefix="/reports")
#: Newest groups offered in the filter; an older one can still be asked for by id.
GROUP_CHOICES = 200


def _cache_key(choice: Choice) -> str:
    key = "all" if current_user.role == Role.ADMIN else f"user:{current_user.id}"
    return f"{key}:{choice.key()}"


def _scope(choice: Choice) -> tuple[str, Select]:
    """The cache key and the SELECT of the viewer's client ids in the project(s) chosen."""
    scope = visible_clients(current_user).with_only_columns(Client.id)
    return _cache_key(choice), choice.narrow(scope)


def _choice(form: PeriodForm) -> tuple[Choice, list[Any]]:
    """The project asked for (404 when out of reach), offered in the form's filter, and the
    groups to filter by (read with the projects); a malformed id leaves every project chosen
    and the form reports the error."""
    groups = group_choice_list(current_user, GROUP_CHOICES)
    try:
        choice, (group_rows,) = projects.from_request(current_user, groups)
    except projects.ProjectArgError:
        choice, (group_rows,) = projects.choose(current_user, None, groups)
        choice = projects.Choice(None, choice.offered)
    form.project.choices = [
        SelectChoice(0, _("All projects")),
        *[SelectChoice(p.id, p.name) for p in choice.offered],
    ]
    form.project.data = choice.project.id if choice.project else 0
    return choice, group_rows


def _filters(form: PeriodForm) -> tuple[Filters | None, Choice, Project | projects.Targets]:
    """The project, period and group asked for; the filters are None (with the form's
    errors) when they are wrong. The period defaults to the project's."""
    choice, groups = _choice(form)
    settings = projects.targets(choice, _("All projects"))
    form.group.choices = [
        SelectChoice(0, _("All groups")),
        *[SelectChoice(g.id, g.name) for g in groups],
    ]
    group_id = int_arg("group")
    if group_id:
        group = get_group_or_404(current_user, group_id)  # unknown or another coach's: 404
        if group_id not in {g.id for g in groups}:
            form.group.choices.append(SelectChoice(group.id, group.name))
    form.group.data = group_id
    if not form.validate():
        return None, choice, settings
    filters = Filters(
        start=form.start.data or settings.period_start,
        end=form.end.data or settings.period_end,
        group_id=group_id or None,
    ).whole_months()
    return filters, choice, settings


@bp.route("/")
@roles_required(*CASEWORKERS)
def dashboard():
    form = PeriodForm(request.args)
    filters, choice, settings = _filters(form)
    if filters is None:
        return render_template(
            "reports/dashboard.html", form=form, figures=None, settings=settings
        ), 400
    filters = replace(filters, project_ids=tuple(choice.ids()))  # the plugins' sections too
    scope = scopes.of_viewer(current_user, choice.ids())
    figures = cached(
        f"dashboard:{_cache_key(choice)}:{filters.key()}", lambda: compute(scope, filters)
    )
    rendered = render_items(
        [
            Widget(
                w.key, w.title, w.template, context=lambda w=w: w.context(filters), order=w.order
            )
            for w in collect("portal_report_widgets", user=current_user)
        ]
    )
    came_back = came_back_table(choice, filters)
    names = {p.id: p.name for p in choice.offered}
    written = Written()
    return render_template(
        "reports/dashboard.html",
        form=form,
        figures=figures,
        filters=filters,
        settings=settings,
        kpis=kpis(figures, settings),
        widgets=rendered,
        came_back=came_back,
        came_back_rows=charts.came_back_rows(written, came_back, names, OUTCOME_LABELS),
        came_back_args={"project": choice.project.id} if choice.project else {},
        project_names=names,
        windows=WINDOWS,
        **chart_rows(written, figures, settings),
    )


def _result_rows(written: Written, items: list[dict]) -> list[tuple[Any, list[str]]]:
    """Name, clients, left and the employed-or-studying rate, already protected."""
    return charts.cells(written, [(i["name"], i["clients"], i["exited"], i["rate"]) for i in items])


def chart_rows(written: Written, f, settings: Project | projects.Targets) -> dict:
    """The charts and tables, labelled and laid out; the figures are already protected."""
    split = f.employment
    trend = trends(f)
    return {
        "trend": {
            "clients": charts.line(written, trend["clients"], settings.target_clients),
            "positive_rate": charts.line(
                written, trend["positive_rate"], settings.target_positive_percent, " %"
            ),
        },
        "state_rows": charts.bars(
            written, [(STATE_LABELS[s], cell(f.by_state.get(s, 0))) for s in PathwayState]
        ),
        "outcome_rows": charts.bars(
            written, [(OUTCOME_LABELS[k], cell(f.by_outcome.get(k, 0))) for k in OutcomeKind]
        ),
        "employment_rows": charts.bars(
            written,
            [
                (_("The coaching company"), cell(split["coaching_company"])),
                (_("Another employer"), cell(split["elsewhere"])),
            ],
        ),
        "breakdowns": [
            (
                _("Results by group"),
                _result_rows(written, f.by_group),
                [_("Group"), _("Clients"), _("Left"), _("Employed or studying (%)")],
            ),
            (
                _("Partner companies"),
                charts.cells(
                    written,
                    [(c["name"], cell(c["trainees"]), cell(c["hired"])) for c in f.by_company],
                ),
                [_("Company"), _("Trainees"), _("Hired their trainee")],
            ),
            (
                _("Results by coach"),
                _result_rows(written, f.by_coach),
                [_("Coach"), _("Clients"), _("Left"), _("Employed or studying (%)")],
            ),
        ],
        "follow_up_rows": [
            (
                months,
                charts.bars(
                    written,
                    [
                        (FOLLOW_UP_LABELS[r], cell(f.follow_ups.get(months, {}).get(r, 0)))
                        for r in FollowUpResult
                    ],
                ),
            )
            for months in (3, 6)
        ],
    }


def funder_tables():
    """The funder report's form, filters and tables for the period the request asks (the
    tables None when the form is wrong), counted within the viewer's scope."""
    form = PeriodForm(request.args)
    filters, choice, _settings = _filters(form)
    if filters is None:
        return form, None, None
    scope = scopes.of_viewer(current_user, choice.ids())
    return (
        form,
        filters,
        cached(
            f"funder:{_cache_key(choice)}:{filters.key()}", lambda: funder.tables(scope, filters)
        ),
    )


@bp.route("/funder")
@roles_required(*CASEWORKERS)
def funder_report():
    form, filters, tables = funder_tables()
    if tables is None:
        return render_template("reports/funder.html", form=form, filters=filters), 400
    written = Written()
    rows = [(t, [(label, written.number(v)) for label, v in t.rows]) for t in tables]
    return render_template("reports/funder.html", form=form, filters=filters, tables=rows)


def _download(body, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/funder.<any(csv, xlsx):fmt>")
@roles_required(*CASEWORKERS)
def funder_download(fmt: str):
    form, filters, tables = funder_tables()
    if tables is None:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("reports.funder_report"))
    name = f"polku-funder-{filters.start.isoformat()}-{filters.end.isoformat()}.{fmt}"
    if fmt == "csv":
        return _download(exports.tables_csv(tables), "text/csv; charset=utf-8", name)
    title = _(
        "Funder report %(start)s – %(end)s",
        start=filters.start.isoformat(),
        end=filters.end.isoformat(),
    )
    return _download(
        exports.tables_xlsx(tables, title),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    )


@bp.route("/clients.<any(csv, xlsx):fmt>")
@limiter.limit(lambda: current_app.config["EXPORT_RATE_LIMIT"])
@roles_required("admin")
def client_export(fmt: str):
    """One row a client, for the admin only; every export is audit-logged."""
    form = PeriodForm(request.args)
    filters, choice, _settings = _filters(form)
    if filters is None:
        abort(400)
    _scope_key, scope = _scope(choice)
    exports.record_client_export(fmt, scope, filters)
    rows = exports.client_rows(scope, filters, current_user._get_current_object())
    name = f"polku-clients-{clock.today().isoformat()}.{fmt}"
    if fmt == "csv":
        return _download(
            stream_with_context(exports.rows_csv(rows)), "text/csv; charset=utf-8", name
        )
    return _download(
        stream_with_context(exports.rows_xlsx(rows)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    )


@bp.route("/settings", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    """The old address of the single project's settings: the default project's edit page."""
    current = project_settings()
    if current.id is None:
        return redirect(url_for("projects.new"))
    return edit_project(current.id)
