"""The real queue: RQ on Redis with a worker process (``flask jobs worker --burst``) on a
shared SQLite file. Mail goes through the worker to an SMTP server with STARTTLS and AUTH;
a refused delivery is retried after its wait and shows in the outbox meanwhile; an export
job is built by the worker and downloaded by the admin who asked. Skipped without
REDIS_URL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from sqlalchemy import select

from portal.app.extensions import db
from portal.app.mail import send_mail
from portal.models import Job, MailDelivery, OutboxMessage
from tests.support.smtp import smtp_server
from tests.support.world import World

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")


def _worker(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "jobs", "worker", "--burst"],
        env={**os.environ, **env, "FLASK_APP": "wsgi", "POLKU_ENV": "testing"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture
def queued(make_app, tmp_path):
    queue = f"polku-test-{uuid.uuid4().hex}"
    uri = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    app = make_app(
        SQLALCHEMY_DATABASE_URI=uri,
        JOBS_INLINE=False,
        JOBS_QUEUE=queue,
        JOBS_RETRY_INTERVALS=(1,),
        JOB_FILES=str(tmp_path / "files"),
        REDIS_URL=REDIS_URL,
    )
    env = {
        "DATABASE_URL": uri,
        "REDIS_URL": REDIS_URL,
        "JOBS_QUEUE": queue,
        "JOB_FILES": str(tmp_path / "files"),
    }
    yield app, env
    from redis import Redis

    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"*{queue}*"):
        redis.delete(key)


def test_mail_is_delivered_by_the_worker_and_a_refusal_retried(queued, tmp_path):
    app, env = queued
    with smtp_server(tmp_path, refuse=1) as (inbox, settings):
        app.config.update(settings)
        env = {
            **env,
            "MAIL_SERVER": settings["MAIL_SERVER"],
            "MAIL_PORT": str(settings["MAIL_PORT"]),
            "MAIL_USE_TLS": "1",
            "MAIL_USERNAME": settings["MAIL_USERNAME"],
            "MAIL_PASSWORD": settings["MAIL_PASSWORD"],
            "MAIL_CA_FILE": settings["MAIL_CA_FILE"],
        }
        with app.app_context():
            World()
            message = send_mail("nuori@example.fi", "Tervetuloa", "Hei!")
            assert inbox.messages == []  # nothing is sent inside the transaction
            db.session.commit()
            message_id = message.id
        _worker(env)  # the first attempt is refused (451) and scheduled again
        with app.app_context():
            delivery = db.session.get(MailDelivery, message_id)
            assert delivery.attempts == 1 and "451" in delivery.last_error
        assert "451" in _admin_outbox(app)
        time.sleep(1.5)  # the retry's wait
        _worker(env)
    assert len(inbox.messages) == 1 and inbox.logins == ["polku", "polku"]
    assert inbox.tls_seen == [True, True]
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).sent_at is not None
        assert db.session.get(MailDelivery, message_id).attempts == 2


def _admin_outbox(app) -> str:
    from tests.conftest import Browser

    browser = Browser(app.test_client())
    browser.login("admin@example.fi")
    return browser.get("/admin/outbox").get_data(as_text=True)


def test_an_export_job_is_built_by_the_worker(queued, as_role):
    app, env = queued
    with app.app_context():
        world = World()
    admin = as_role("admin", world)
    response = admin.post(
        "/reports/clients/export", {"fmt": "csv"}, form_url="/reports/clients/export"
    )
    assert response.status_code == 303
    with app.app_context():
        job = db.session.scalar(select(Job))
        assert job.state == "queued"
    waiting = admin.get(response.location).get_data(as_text=True)
    assert "/download" not in waiting
    _worker(env)
    with app.app_context():
        job = db.session.scalar(select(Job))
        assert job.state == "done", job.error
    ready = admin.get(response.location).get_data(as_text=True)
    assert f"/jobs/{job.id}/download" in ready
    download = admin.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200 and download.get_data(as_text=True).count("\n") == 3
