"""Mail through Flask-Mailman to a local SMTP server that requires STARTTLS and AUTH: the
certificate is verified, a refused delivery is kept with its error and retried, and the
admin's outbox shows what happened."""

from __future__ import annotations

from sqlalchemy import select

from portal.app.extensions import db
from portal.app.mail import deliver_job, send_mail
from portal.models import MailDelivery, OutboxMessage
from tests.support.smtp import smtp_server


def _send(app) -> int:
    with app.app_context():
        message = send_mail("nuori@example.fi", "Tervetuloa", "Hei! Polku odottaa.")
        db.session.commit()
        return message.id


def test_inline_mail_goes_out_over_starttls_with_authentication(app, tmp_path):
    with smtp_server(tmp_path) as (inbox, settings):
        app.config.update(settings)
        message_id = _send(app)
    assert inbox.logins == ["polku"] and inbox.tls_seen == [True]
    [raw] = inbox.messages
    assert b"Subject: Tervetuloa" in raw and b"nuori@example.fi" in raw
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).sent_at is not None
        assert db.session.get(MailDelivery, message_id).attempts == 1


def test_a_server_with_a_certificate_we_do_not_trust_gets_nothing(app, tmp_path):
    with smtp_server(tmp_path) as (inbox, settings):
        app.config.update({**settings, "MAIL_CA_FILE": None})
        message_id = _send(app)
    assert inbox.messages == [] and inbox.logins == []
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).sent_at is None
        assert "CERTIFICATE" in db.session.get(MailDelivery, message_id).last_error.upper()


def test_wrong_credentials_are_recorded_not_raised(app, tmp_path):
    with smtp_server(tmp_path) as (inbox, settings):
        app.config.update({**settings, "MAIL_PASSWORD": "wrong", "MAIL_TIMEOUT": 2})
        message_id = _send(app)
    assert inbox.messages == []
    with app.app_context():
        assert db.session.get(MailDelivery, message_id).last_error
        assert db.session.get(OutboxMessage, message_id).sent_at is None


def test_a_refused_delivery_is_retried_and_the_outbox_shows_it(app, world, as_role, tmp_path):
    """The worker's job: the first attempt is refused (451), the job raises so the queue
    retries it; the retry delivers. Between the two the admin sees the error."""
    with smtp_server(tmp_path, refuse=1) as (inbox, settings):
        app.config.update(settings)
        app.config["MAIL_SERVER"] = None  # stored only, as with a queue: delivered by the job
        message_id = _send(app)
        app.config["MAIL_SERVER"] = settings["MAIL_SERVER"]
        with app.app_context():
            try:
                deliver_job(message_id)
            except RuntimeError as error:
                assert "451" in str(error)
            else:
                raise AssertionError("a refused delivery must raise to be retried")
        page = as_role("admin").get("/admin/outbox").get_data(as_text=True)
        assert "451" in page
        with app.app_context():
            deliver_job(message_id)
            deliver_job(message_id)  # a duplicate run of a delivered message sends nothing
    assert len(inbox.messages) == 1
    with app.app_context():
        delivery = db.session.get(MailDelivery, message_id)
        assert delivery.attempts == 2 and delivery.last_error is None
        assert db.session.get(OutboxMessage, message_id).sent_at is not None


def test_delivery_gives_up_after_the_last_retry(app, tmp_path):
    with smtp_server(tmp_path, refuse=99) as (_inbox, settings):
        app.config.update(settings)
        app.config["JOBS_RETRY_INTERVALS"] = (1, 1)
        app.config["MAIL_SERVER"] = None
        message_id = _send(app)
        app.config["MAIL_SERVER"] = settings["MAIL_SERVER"]
        raised = 0
        with app.app_context():
            for _ in range(3):
                try:
                    deliver_job(message_id)
                except RuntimeError:
                    raised += 1
    assert raised == 2  # two retries asked for; the third attempt gives up
    with app.app_context():
        delivery = db.session.scalar(select(MailDelivery))
        assert delivery.attempts == 3 and delivery.failed_at is not None
