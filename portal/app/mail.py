"""One small interface for outgoing mail.

Every message is stored in the outbox; when ``MAIL_SERVER`` is set it is also sent by SMTP
and marked sent. Without a mail server the admin reads the outbox in the portal.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from portal.app.extensions import db
from portal.models import OutboxMessage
from portal.models.base import utcnow


def send_mail(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Queue a message in the outbox (within the caller's transaction) and send it if we can."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(message)
    return message


def _send_smtp(message: OutboxMessage) -> None:
    cfg = current_app.config
    email = EmailMessage()
    email["From"] = cfg["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    try:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Sending mail failed; it stays in the outbox")
        return
    message.sent_at = utcnow()
