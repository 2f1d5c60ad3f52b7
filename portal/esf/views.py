"""The ESF+ questions on a client, and the common indicators (page, CSV, XLSX)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.access.scoping import get_client_or_404
from portal.access.sensitive import read_sensitive
from portal.app.editing import submit_form
from portal.app.forms import form_data
from portal.esf import exports, indicators, intake
from portal.esf.definitions import GENDER_LABELS, GENDERS, NOT_ANSWERED
from portal.esf.forms import EsfEntryForm
from portal.esf.municipalities import rural_class
from portal.models import Client, ClientSensitive
from portal.reports.cache import cached
from portal.reports.forms import PeriodForm
from portal.reports.views import _filters as period_filters
from portal.reports.views import _scope as report_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bp = Blueprint("esf", __name__)


@bp.route("/clients/<int:client_id>/esf", methods=["GET", "POST"])
@roles_required("coach")
def entry(client_id: int):
    """The client's coaches ask the questions once, at entry; reading them is audit-logged."""
    client = get_client_or_404(current_user, client_id)
    record = read_sensitive(current_user, client, "esf_reporting")
    form = EsfEntryForm(obj=_answers(client, record))
    submission = submit_form(
        form,
        lambda: intake.save_entry(
            client, record, form_data(form, intake.EntryDetails), current_user
        ),
        record=client,
    )
    if submission.saved:
        return redirect(url_for("clients.detail", client_id=client.id))
    return render_template(
        "esf/entry.html",
        client=client,
        form=form,
        age=client.entry_date.year - client.birth_year,
        municipality_class=rural_class(client.municipality),
    ), submission.status


def _answers(client: Client, record: ClientSensitive) -> SimpleNamespace:
    """The stored answers under the form's field names (two tables, one form)."""
    answers = {name: getattr(client, name) for name in intake.CLIENT_ANSWERS}
    answers |= {name: getattr(record, name) or "" for name in intake.SENSITIVE}
    return SimpleNamespace(version=client.version, **answers)


def _report():
    """(form, report), report None (with the form's errors) when the period is wrong; an
    unknown or out-of-scope group answers 404."""
    form = PeriodForm(request.args)
    filters, choice, settings = period_filters(form)
    if filters is None:
        return form, None
    scope_key, scope = report_scope(choice)
    return form, cached(
        f"esf:{scope_key}:{filters.key()}", lambda: indicators.report(scope, filters, settings)
    )


@bp.route("/reports/esf")
@roles_required("admin", "project_manager")
def report_page():
    form, report = _report()
    return render_template(
        "esf/report.html",
        form=form,
        report=report,
        genders=GENDERS,
        gender_labels=GENDER_LABELS,
        not_answered=NOT_ANSWERED,
    ), (400 if report is None else 200)


@bp.route("/reports/esf.<any(csv, xlsx):fmt>")
@roles_required("admin", "project_manager")
def report_download(fmt: str):
    form, report = _report()
    if report is None:
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return render_template(
            "esf/report.html",
            form=form,
            report=None,
            genders=GENDERS,
            gender_labels=GENDER_LABELS,
            not_answered=NOT_ANSWERED,
            message=message,
        ), 400
    f = report.filters
    name = f"polku-esf-{f.start.isoformat()}-{f.end.isoformat()}.{fmt}"
    if fmt == "csv":
        body, mimetype = exports.as_csv(report), "text/csv; charset=utf-8"
    else:
        body, mimetype = exports.as_xlsx(report), XLSX
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
