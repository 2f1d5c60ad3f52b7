"""Exports as jobs: the admin asks, a job builds the file in their scope with its progress,
the status page offers the download to that admin only; a double submit starts one job;
other users' job ids answer 404; bad input starts nothing. Jobs run inline here."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from freezegun import freeze_time
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.app.extensions import db
from portal.jobs.records import file_path
from portal.models import AuditEvent, Client, Job
from tests.conftest import form_fields


def _jobs(app) -> list[Job]:
    with app.app_context():
        return db.session.scalars(select(Job).order_by(Job.id)).all()


def _ask(admin, fmt: str):
    return admin.post("/reports/clients/export", {"fmt": fmt}, form_url="/reports/clients/export")


def test_a_csv_export_job_gives_the_admin_a_download(app, world, as_role):
    with app.app_context():
        db.session.get(Client, world.client.id).municipality = '=HYPERLINK("x")'
        db.session.commit()
    admin = as_role("admin")
    response = _ask(admin, "csv")
    assert response.status_code == 303
    [job] = _jobs(app)
    assert response.location.endswith(f"/jobs/{job.id}")
    assert job.state == "done" and job.total == 2 and job.done == 2
    page = admin.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f"/jobs/{job.id}/download" in page
    download = admin.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert len(rows) == 3  # the header and the two clients
    assert '\'=HYPERLINK("x")' in [cell for row in rows for cell in row]
    with app.app_context():
        audited = db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "client_export.read")
        )
    assert audited == 2


def test_an_xlsx_export_job_builds_a_workbook(app, world, as_role):
    admin = as_role("admin")
    assert _ask(admin, "xlsx").status_code == 303
    [job] = _jobs(app)
    data = admin.get(f"/jobs/{job.id}/download").get_data()
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert len(list(sheet.rows)) == 3


def test_a_double_submit_starts_one_job(app, world, as_role):
    admin = as_role("admin")
    data = {**form_fields(admin, "/reports/clients/export"), "fmt": "csv"}
    first = admin.client.post("/reports/clients/export", data=data)
    again = admin.client.post("/reports/clients/export", data=data)
    assert first.status_code == 303 and again.status_code == 303
    assert first.location == again.location
    assert len(_jobs(app)) == 1


def test_another_users_job_answers_404(app, world, as_role):
    admin = as_role("admin")
    _ask(admin, "csv")
    [job] = _jobs(app)
    for role in ("coach", "employer", "client_user"):
        other = as_role(role)
        assert other.get(f"/jobs/{job.id}").status_code == 404
        assert other.get(f"/jobs/{job.id}/download").status_code == 404
    assert admin.get("/jobs/999999").status_code == 404
    assert admin.get("/jobs/99999999999999999999999").status_code == 404
    assert admin.get("/jobs/abc").status_code == 404


def test_only_the_admin_may_ask_and_bad_input_starts_nothing(app, world, as_role):
    coach = as_role("coach")
    assert coach.post("/reports/clients/export", {"fmt": "csv"}).status_code == 403
    admin = as_role("admin")
    assert _ask(admin, "exe").status_code == 400
    assert _ask(admin, "x" * 100_000).status_code in (400, 413)
    bad_period = admin.post(
        "/reports/clients/export?start=2026-05-01&end=2026-01-01",
        {"fmt": "csv"},
        form_url="/reports/clients/export",
    )
    assert bad_period.status_code == 400
    assert _jobs(app) == []


def test_a_job_whose_user_lost_the_admin_role_fails_without_a_file(app, world, as_role):
    from portal.jobs.records import start_job
    from portal.models import User
    from portal.ops.metrics import JOB_FAILURES
    from portal.reports import export_jobs

    failures = JOB_FAILURES.labels(job="client_export")
    before = failures._value.get()
    with app.app_context():
        coach = db.session.get(User, world.coach.id)
        job = start_job(coach, "client_export", export_jobs.client_export, "csv", "2020-01-01",
                        "2030-12-31", None)  # fmt: skip
        assert job.state == "failed" and job.file_name is None
    assert failures._value.get() == before + 1  # counted for /metrics
    assert as_role("coach").get(f"/jobs/{job.id}/download").status_code == 404


def test_an_admin_made_a_coach_no_longer_reaches_the_export(app, world, as_role):
    from portal.models import User

    admin = as_role("admin")
    _ask(admin, "csv")
    [job] = _jobs(app)
    with app.app_context():
        db.session.get(User, world.admin.id).role = "coach"
        db.session.commit()
    assert admin.get(f"/jobs/{job.id}/download").status_code in (302, 404)
    assert admin.get(f"/jobs/{job.id}").status_code in (302, 404)


def test_every_download_is_audited_and_the_file_goes_after_its_week(app, world, as_role):
    with freeze_time() as frozen:
        admin = as_role("admin")
        _ask(admin, "csv")
        [job] = _jobs(app)
        for _ in range(2):
            assert admin.get(f"/jobs/{job.id}/download").status_code == 200
        with app.app_context():
            fetched = db.session.scalar(
                select(func.count(AuditEvent.id)).where(
                    AuditEvent.action == "client_export.download", AuditEvent.object_id == job.id
                )
            )
            assert fetched == 2
            path = file_path(job.id)
        assert path.is_file()
        frozen.tick(timedelta(days=6))
        assert app.test_cli_runner().invoke(args=["jobs", "clean"]).output.startswith("0 ")
        frozen.tick(timedelta(days=2))
        admin = as_role("admin")
        assert admin.get(f"/jobs/{job.id}/download").status_code == 404  # past its week
        result = app.test_cli_runner().invoke(args=["jobs", "clean"])
        assert result.exit_code == 0 and result.output.startswith("1 ")
        assert not path.exists()
        with app.app_context():
            assert db.session.get(Job, job.id).file_name is None
