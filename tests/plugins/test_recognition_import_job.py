"""The ePerusteet import as a job (when jobs go to a worker): the upload is staged, the job
imports it and leaves its report for the admin who asked; a refused file imports nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from plugins.recognition.models import RecognitionUnit
from portal.app.extensions import db
from portal.jobs import records
from portal.models import Job

DATA = Path(__file__).resolve().parents[2] / "plugins" / "recognition" / "data" / "eperusteet"


@pytest.fixture
def queued(app, monkeypatch):
    """A queue whose worker runs each job as soon as it is enqueued."""
    app.config["JOBS_INLINE"] = False
    monkeypatch.setattr(records, "enqueue", lambda func, *args, **kw: func(*args))
    return app


def _upload(admin, name: str, body: bytes):
    data = {"files": [(io.BytesIO(body), name)]}
    return admin.post("/p/recognition/import", data, content_type="multipart/form-data")


def test_an_import_job_imports_and_reports(queued, world, as_role):
    admin = as_role("admin")
    body = (DATA / "eperusteet-tutkinnonosa-asteikko3.json").read_bytes()
    response = _upload(admin, "asteikko3.json", body)
    assert response.status_code == 303
    with queued.app_context():
        job = db.session.scalar(select(Job))
        assert job.kind == "recognition_import" and job.state == "done", job.error
        assert db.session.scalar(select(func.count(RecognitionUnit.id))) == 1
    report = admin.get(f"/jobs/{job.id}/download").get_data(as_text=True)
    assert "1 tutkinnon osaa" in report
    assert not list(Path(queued.config["JOB_FILES"]).glob("incoming-*/*.json"))
    assert as_role("coach").get(f"/jobs/{job.id}/download").status_code == 404


def test_a_refused_file_in_a_job_imports_nothing(queued, world, as_role):
    admin = as_role("admin")
    assert _upload(admin, "broken.json", b"{not json").status_code == 303
    with queued.app_context():
        job = db.session.scalar(select(Job))
        assert db.session.scalar(select(func.count(RecognitionUnit.id))) == 0
    report = admin.get(f"/jobs/{job.id}/download").get_data(as_text=True)
    assert "broken.json" in report
