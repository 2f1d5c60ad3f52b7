"""The coach's side of the client's job-search log."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.app.concurrency import CONFLICT
from portal.app.editing import submit_action, submit_form
from portal.app.forms import ConfirmForm
from portal.app.parsing import accepts_files
from portal.app.rules import RuleError
from portal.attachments.service import read_upload
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


@bp.route("/job-search/<int:entry_id>/files", methods=["POST"])
@roles_required("coach", "admin", "client")
@accepts_files("photo")
def add_job_search_file(client_id: int, entry_id: int):
    """A photo or PDF of an application, from the young person's own log or the coach's."""
    client = load_client(client_id)
    entry = of_client(JobSearchActivity, entry_id, client)

    def act() -> None:
        upload = request.files.get("photo")
        if upload is None or not upload.filename:
            raise RuleError(_("Choose a file to attach."))
        jobsearch.add_file(entry, read_upload(upload.stream), current_user)

    submit_action(ConfirmForm(), act, success=_("The file was added."))
    if current_user.role == Role.CLIENT:
        return redirect(url_for("mypath.job_search") + f"#job-{entry.id}")
    return back(client, "job-search")
