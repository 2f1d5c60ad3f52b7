"""Asking for the client export as a background job (the admin gets a status page)."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from portal.access.permissions import roles_required
from portal.app.editing import submit_form
from portal.app.extensions import limiter
from portal.jobs.records import start_job
from portal.reports import export_jobs, exports
from portal.reports.forms import PeriodForm
from portal.reports.views import _filters, _scope, bp


class ExportForm(FlaskForm):
    fmt = RadioField(
        _l("File format"),
        choices=[SelectChoice("xlsx", _l("Spreadsheet (XLSX)")), SelectChoice("csv", _l("CSV"))],
        default="xlsx",
        validators=[InputRequired()],
    )
    submit = SubmitField(_l("Prepare the file"))


@bp.route("/clients/export", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["EXPORT_RATE_LIMIT"], methods=["POST"])
@roles_required("admin")
def export_job():
    """The project, period and group come from the query string, as on the dashboard."""
    filters, choice, _settings = _filters(PeriodForm(request.args))
    if filters is None:
        abort(400)
    form = ExportForm()
    user = current_user._get_current_object()

    def start():
        _key, scope = _scope(choice)
        exports.record_client_export(form.fmt.data, scope, filters)
        return start_job(
            user,
            "client_export",
            export_jobs.client_export,
            form.fmt.data,
            filters.start.isoformat(),
            filters.end.isoformat(),
            filters.group_id,
            choice.project.id if choice.project else None,
        )

    submission = submit_form(form, start)
    if submission.saved and submission.result is not None:
        return redirect(url_for("jobs.status", job_id=submission.result.id), 303)
    return render_template(
        "reports/export.html", form=form, filters=filters, args=request.args
    ), submission.status
