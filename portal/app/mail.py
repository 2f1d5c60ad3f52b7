"""One small interface for outgoing mail.

Every message is stored in the outbox, the record of what was sent. When ``MAIL_SERVER`` is
set it is also delivered through Flask-Mailman (STARTTLS or TLS, authentication, a timeout):
on a worker after the transaction commits, retried with growing waits when the server fails
(each attempt and the last error are kept in ``mail_deliveries`` for the admin's outbox), or
at once when jobs run inline. Without a mail server the admin reads the outbox in the portal.
"""

from __future__ import annotations

import smtplib
import ssl

from flask import Flask, current_app
from flask_mailman import EmailMessage, Mail
from flask_mailman.backends.smtp import EmailBackend

from portal.app import clock
from portal.app.extensions import db
from portal.jobs.queue import enqueue_after_commit, inline
from portal.models import MailDelivery, OutboxMessage

mail = Mail()
#: Longest error text kept for the admin.
ERROR_LENGTH = 500


class VerifiedTLSBackend(EmailBackend):
    """Flask-Mailman's SMTP backend, but STARTTLS checks the server's certificate and name
    (the stock backend passes no context, which smtplib takes as "verify nothing")."""

    def open(self):
        if self.connection or self.use_ssl or not self.use_tls:
            return super().open()
        self.connection = self.connection_class(self.host, self.port, timeout=self.timeout)
        self.connection.starttls(context=_tls_context())
        if self.username and self.password:
            self.connection.login(self.username, self.password)
        return True

    @property
    def ssl_context(self):
        return _tls_context()


def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_CA_FILE"))


def init_mail(app: Flask) -> None:
    app.config.setdefault("MAIL_DEFAULT_SENDER", app.config["MAIL_FROM"])
    mail.init_app(app)


def _connection() -> VerifiedTLSBackend:
    """A connection made from the settings as they are now."""
    cfg = current_app.config
    return mail.get_connection(
        backend=VerifiedTLSBackend,
        host=cfg["MAIL_SERVER"],
        port=cfg["MAIL_PORT"],
        username=cfg.get("MAIL_USERNAME"),
        password=cfg.get("MAIL_PASSWORD"),
        use_tls=cfg.get("MAIL_USE_TLS", False),
        use_ssl=cfg.get("MAIL_USE_SSL", False),
        timeout=cfg.get("MAIL_TIMEOUT", 10),
    )


#: The outbox's subject column holds this many characters.
SUBJECT_MAX = 200


def send_mail(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Store a message in the outbox (within the caller's transaction) and deliver it if we
    can: at once when jobs run inline, else by a worker once the transaction commits."""
    if len(subject) > SUBJECT_MAX:  # a subject may carry a name typed by a user
        subject = subject[: SUBJECT_MAX - 1] + "…"
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    if current_app.config.get("MAIL_SERVER"):
        if inline():
            deliver(message)
        else:
            db.session.flush()
            enqueue_after_commit(deliver_job, message.id, retry=True)
    return message


def deliver(message: OutboxMessage) -> bool:
    """One attempt to send ``message`` by SMTP, recorded on its delivery row (not committed)."""
    if message.id is None:
        db.session.flush()
    delivery = db.session.get(MailDelivery, message.id)
    if delivery is None:
        delivery = MailDelivery(message_id=message.id, attempts=0)
        db.session.add(delivery)
    delivery.attempts += 1
    delivery.last_attempt_at = clock.utcnow()
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=current_app.config["MAIL_FROM"],
        to=[message.recipient],
        connection=_connection(),
    )
    try:
        email.send()
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("Sending mail %s failed: %s", message.id, error)
        delivery.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        return False
    delivery.last_error = None
    message.sent_at = clock.utcnow()
    return True


class DeliveryFailed(RuntimeError):
    """Raised by the job so that RQ retries it after the next wait."""


def deliver_job(message_id: int) -> None:
    """The worker's delivery: commit what happened, then raise on failure to be retried;
    after the last retry the message is marked failed."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.sent_at is not None:
        return
    sent = deliver(message)
    delivery = db.session.get(MailDelivery, message_id)
    if not sent and delivery.attempts > len(current_app.config["JOBS_RETRY_INTERVALS"]):
        delivery.failed_at = clock.utcnow()
    db.session.commit()
    if not sent and delivery.failed_at is None:
        raise DeliveryFailed(delivery.last_error)
