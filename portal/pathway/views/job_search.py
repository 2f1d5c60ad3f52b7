"""The coach's side of the client's job-search log."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.app.concurrency import CONFLICT
from portal.app.editing import submit_form
from portal.models import JobSearchActivity, Role
from portal.pathway import jobsearch
from portal.pathway.forms import JobSearchForm, JobSearchResultForm
from portal.pathway.views.blueprint import (
    COACHES,
    back,
    bp,
    form_page,
    load_client,
    of_client,
    record_page,
)


@bp.route("/job-search/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_job_search(client_id: int):
    return record_page(
        client_id,
        JobSearchForm(),
        _l("Add a job-search entry"),
        jobsearch.add_entry,
        jobsearch.JobSearchData,
        anchor="job-search",
    )


@bp.route("/job-search/<int:entry_id>", methods=["POST"])
@roles_required("coach", "admin", "client")
def update_job_search(client_id: int, entry_id: int):
    """Update the result of an application (the coach, or the client on their own log)."""
    client = load_client(client_id)
    entry = of_client(JobSearchActivity, entry_id, client)
    form = JobSearchResultForm()
    submission = submit_form(
        form,
        lambda: jobsearch.update_result(entry, form.result.data, current_user),
        record=entry,
        success=_("Saved."),
    )
    if submission.status == CONFLICT or form.form_errors:  # not sent as rendered: say so
        return form_page(client, form, _l("Result"), status=submission.status)
    if not submission.saved:
        flash(_("Choose the result."), "error")
    if current_user.role == Role.CLIENT:
        return redirect(url_for("mypath.job_search") + f"#job-{entry.id}")
    return back(client, "job-search")
