"""A job's status page (it reloads itself until the job ends) and its download."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user

from portal.access.permissions import signed_in_required
from portal.app.extensions import db
from portal.jobs.records import expired, file_path, record_download
from portal.models import Job, JobState

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


#: Roles that may still fetch a kind of job's file: a user who has since lost the role
#: (an admin made a coach) no longer reaches what the role let them build.
KIND_ROLES = {"client_export": {"admin"}, "recognition_import": {"admin"}}


def _own_job_or_404(job_id: int) -> Job:
    """The signed-in user's own job, while they keep the role it needs; else 404."""
    job = db.session.get(Job, job_id)
    if job is None or job.user_id != current_user.id:
        abort(404)
    if current_user.role not in KIND_ROLES.get(job.kind, {current_user.role}):
        abort(404)
    return job


@bp.route("/<int:job_id>")
@signed_in_required
def status(job_id: int):
    job = _own_job_or_404(job_id)
    running = job.state in (JobState.QUEUED, JobState.RUNNING)
    # No automatic refresh (WCAG 2.2.1, failure F41): the page offers a reload link.
    return render_template("jobs/status.html", job=job, running=running)


@bp.route("/<int:job_id>/download")
@signed_in_required
def download(job_id: int):
    job = _own_job_or_404(job_id)
    path = file_path(job.id)
    if job.state != JobState.DONE or not job.file_name or expired(job) or not path.is_file():
        abort(404)
    record_download(job)
    return send_file(path, as_attachment=True, download_name=job.file_name)
