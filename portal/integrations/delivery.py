"""Sending webhook messages: each attempt signed anew, a failure tried again later with a
growing wait, every answer kept for the admin's list (ADR 0054).

A message is claimed before it is sent: one conditional update moves its next attempt on by
``LEASE`` and counts the attempt, so two workers never send it at once and one that crashes
while sending is tried again after the lease. The result is written only while the claim
holds (the next attempt still the claimed one): a sender that took longer than its lease
cannot overwrite what a later one wrote. ``flask webhooks deliver`` (every minute, by the
scheduler) sends whatever is due; a new message is also sent right after its commit.
"""

from __future__ import annotations

import logging
import urllib.request
from datetime import date, datetime, timedelta
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select, update

from portal.app import clock
from portal.app.extensions import db
from portal.integrations import signing
from portal.integrations.addresses import AddressRefused, check_host
from portal.jobs.queue import enqueue
from portal.models import FollowUp, Webhook, WebhookDelivery

log = logging.getLogger(__name__)
#: How long a claimed message is left to the one sending it.
LEASE = timedelta(minutes=5)
#: The most of an answer's body kept.
KEPT = 500
#: The most messages one run of ``deliver`` sends.
BATCH = 200
#: A follow-up is announced while it fell due at most this many days ago (a webhook made
#: today is not sent every old one).
FOLLOW_UP_DAYS = 7


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not somewhere else to send the signed body."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _claim(delivery_id: int, now: datetime, until: datetime) -> WebhookDelivery | None:
    """The message, now this sender's until ``until``, its attempt counted; None when it is
    not due or another sender has it."""
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.next_attempt_at.is_not(None),
            WebhookDelivery.next_attempt_at <= now,
        )
        .values(next_attempt_at=until, attempts=WebhookDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return None
    return db.session.get(WebhookDelivery, delivery_id, populate_existing=True)


def _post(
    webhook: Webhook, delivery: WebhookDelivery, now: datetime
) -> tuple[int | None, str, str]:
    """Send once: the answer's status and body, or None and what went wrong (anything: a
    receiver's fault never stops the sender)."""
    body = delivery.body
    headers = signing.headers(webhook.secret, delivery.message_id, int(now.timestamp()), body)
    headers |= {"Content-Type": "application/json", "User-Agent": "Polku-Webhooks/1"}
    # The address was checked to be http(s) when the webhook was made.
    request = urllib.request.Request(webhook.url, data=body.encode(), headers=headers)  # noqa: S310
    timeout = current_app.config["WEBHOOK_TIMEOUT"]
    try:
        check_host(webhook.url)
        with _opener.open(request, timeout=timeout) as answer:
            return answer.status, answer.read(KEPT).decode(errors="replace"), ""
    except urllib.request.HTTPError as error:
        return error.code, (error.read(KEPT) or b"").decode(errors="replace"), ""
    except AddressRefused as refused:
        return None, "", str(refused)[:300]
    except Exception as error:  # a refused connection, a timeout, an answer that is not HTTP
        reason = getattr(error, "reason", None) or error.__class__.__name__
        return None, "", str(reason)[:300]


def _result(attempts: int, now: datetime, answer: tuple[int | None, str, str]) -> dict[str, Any]:
    """What the message's row says after attempt number ``attempts`` got ``answer``."""
    status, text, error = answer
    values: dict[str, Any] = {
        "last_attempt_at": now,
        "last_status": status,
        "last_response": text,
        "last_error": error,
    }
    if status is not None and 200 <= status < 300:
        return values | {"delivered_at": now, "next_attempt_at": None}
    waits = current_app.config["WEBHOOK_RETRY_MINUTES"]
    if attempts > len(waits):
        return values | {"given_up_at": now, "next_attempt_at": None}
    return values | {"next_attempt_at": now + timedelta(minutes=waits[attempts - 1])}


def _write(delivery_id: int, claimed_until: datetime, values: dict[str, Any]) -> bool:
    """Write the attempt's result while this sender's claim holds; False when it lapsed."""
    written = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.next_attempt_at == claimed_until)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return written.rowcount == 1


def send(delivery_id: int) -> bool:
    """One attempt at one message when it is due: True when it was delivered."""
    now = clock.utcnow()
    until = now + LEASE
    delivery = _claim(delivery_id, now, until)
    if delivery is None:
        return False
    webhook = db.session.get(Webhook, delivery.webhook_id)
    if webhook is None or webhook.stopped_at is not None:
        _write(delivery.id, until, {"next_attempt_at": None, "given_up_at": now})
        return False
    answer = _post(webhook, delivery, now)
    values = _result(delivery.attempts, now, answer)
    delivered = _write(delivery.id, until, values) and "delivered_at" in values
    if not delivered:
        log.warning("Webhook %s message %s: %s", webhook.id, delivery.id, answer[0] or answer[2])
    return delivered


def due_ids(now: datetime) -> list[int]:
    found = select(WebhookDelivery.id).where(WebhookDelivery.next_attempt_at <= now)
    return list(db.session.scalars(found.order_by(WebhookDelivery.next_attempt_at).limit(BATCH)))


def send_due() -> tuple[int, int]:
    """Try every message that is due, each on its own: how many were tried and delivered."""
    tried = delivered = 0
    for delivery_id in due_ids(clock.utcnow()):
        tried += 1
        try:
            delivered += send(delivery_id)
        except Exception:
            db.session.rollback()
            log.exception("Webhook message %s could not be sent", delivery_id)
    return tried, delivered


def send_again(delivery: WebhookDelivery, webhook: Webhook) -> bool:
    """The admin asks for a message that was given up to be tried once more (of a webhook
    still running): it is sent after the commit. False when there is nothing to try."""
    if delivery.given_up_at is None or webhook.stopped_at is not None:
        return False
    delivery.given_up_at = None
    delivery.next_attempt_at = clock.utcnow()
    db.session.commit()
    enqueue(send, delivery.id)
    return True


def follow_ups_due(today: date) -> int:
    """Announce the follow-ups falling due (within the last ``FOLLOW_UP_DAYS``) that have no
    result yet; each once per webhook. How many were announced."""
    from portal.integrations.webhooks import announce, listened_to

    if not listened_to("follow_up.due"):
        return 0
    found = db.session.execute(
        select(FollowUp.id, FollowUp.client_id, FollowUp.months, FollowUp.due_date).where(
            FollowUp.due_date <= today,
            FollowUp.due_date > today - timedelta(days=FOLLOW_UP_DAYS),
            FollowUp.result == "",
        )
    ).all()
    for follow_up_id, client_id, months, due_date in found:
        data = {"follow_up_id": follow_up_id, "months": months, "due_date": due_date}
        announce("follow_up.due", f"follow_up.due:{follow_up_id}", client_id, data)
    return len(found)


@click.group("webhooks", help="Webhook messages to other systems.")
def webhooks_group() -> None:
    pass


@webhooks_group.command("deliver")
@with_appcontext
def deliver_command() -> None:
    """Send the webhook messages that are due (run every minute by the scheduler)."""
    tried, delivered = send_due()
    click.echo(f"{delivered} of {tried} delivered")


@webhooks_group.command("follow-ups-due")
@with_appcontext
def follow_ups_due_command() -> None:
    """Tell the webhooks that ask for it of the follow-ups falling due (run hourly)."""
    click.echo(f"{follow_ups_due(clock.today())} follow-ups due")
