"""Webhooks: registered by the admin for an account, told of the events about the young
people that account sees (ADR 0054).

An event becomes one delivery row per webhook that wants it, in the transaction that
announces it; the rows are sent after the commit (``delivery``). A message carries ids and
dates only, never names or free text: the receiver reads the rest through the API, with a
token whose scope decides what it may see.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, literal, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from portal.access import audit
from portal.access.scoping import visible_client_ids_for
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.hooks.manager import listen
from portal.integrations import signing
from portal.jobs.queue import enqueue_after_commit
from portal.models import User, Webhook, WebhookDelivery

#: The events a webhook may ask for, and what the admin is told each is.
EVENTS = {
    "placement.started": _l("A placement started"),
    "placement.ended": _l("A placement ended"),
    "checkpoint.opened": _l("A Check Point was opened"),
    "checkpoint.closed": _l("A Check Point was closed"),
    "outcome.recorded": _l("An outcome was recorded"),
    "follow_up.due": _l("A follow-up is due"),
}
LONGEST_URL = 2000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Made:
    webhook: Webhook
    secret: str  # shown once on the page that made it


def checked_url(url: str) -> str:
    """The address as stored, or a RuleError saying what is wrong with it."""
    url = url.strip()
    parts = urlsplit(url)
    plain_allowed = current_app.config.get("WEBHOOKS_ALLOW_HTTP", False)
    if parts.scheme != "https" and not (plain_allowed and parts.scheme == "http"):
        raise RuleError(_("Enter an address that starts with https://."), "url")
    if not parts.hostname or len(url) > LONGEST_URL:
        raise RuleError(_("Enter a whole web address, such as https://example.org/polku."), "url")
    if parts.username or parts.password:
        raise RuleError(_("Leave the user name and password out of the address."), "url")
    return url


def make(name: str, url: str, user: User, events: list[str], by: User) -> Made:
    """A webhook for ``user``'s view of the young people; its secret comes back. Commits."""
    chosen = sorted(set(events) & set(EVENTS))
    if not chosen:
        raise RuleError(_("Choose at least one event."), "events")
    secret = signing.new_secret()
    webhook = Webhook(
        name=name,
        url=checked_url(url),
        user_id=user.id,
        events=chosen,
        secret=secret,
        created_by_id=by.id,
    )
    audit.record_creation(webhook, "webhook.create", object_type="webhook", actor=by)
    db.session.commit()
    return Made(webhook, secret)


def stop(webhook: Webhook, by: User) -> None:
    """No more messages are made for it; those waiting are not sent. Commits."""
    if webhook.stopped_at is None:
        now = clock.utcnow()
        webhook.stopped_at = now
        db.session.execute(
            WebhookDelivery.__table__.update()
            .where(
                WebhookDelivery.webhook_id == webhook.id,
                WebhookDelivery.next_attempt_at.is_not(None),
            )
            .values(next_attempt_at=None, given_up_at=now)
        )
        audit.record("webhook.stop", actor=by, object_type="webhook", object_id=webhook.id)
    db.session.commit()


def _sees(user: User, client_id: int) -> bool:
    if not user.active:
        return False
    ids = visible_client_ids_for(user, literal(client_id))
    return bool(db.session.scalar(select(exists(ids))))


def _listening(event: str) -> list[Webhook]:
    found = db.session.scalars(
        select(Webhook).where(Webhook.stopped_at.is_(None)).options(joinedload(Webhook.user))
    )
    return [w for w in found if event in (w.events or [])]


def listened_to(event: str) -> bool:
    return bool(_listening(event))


def _body(message_id: str, event: str, data: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date | datetime) else value

    payload = {
        "type": event,
        "id": message_id,
        "timestamp": clock.utcnow().isoformat(timespec="seconds").replace("+00:00", "Z"),
        "data": {k: plain(v) for k, v in data.items()},
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def announce(event: str, key: str, client_id: int, data: dict[str, Any]) -> list[int]:
    """Queue ``event`` about ``client_id`` for every webhook that wants it and whose account
    sees that young person; ``key`` names its subject, so the same event is queued once per
    webhook. The ids of the deliveries made. Commits."""
    from portal.integrations.delivery import send

    made = []
    for webhook in _listening(event):
        taken = select(WebhookDelivery.id).where(
            WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.key == key
        )
        if db.session.scalar(taken) is not None or not _sees(webhook.user, client_id):
            continue
        message_id = "msg_" + uuid.uuid4().hex
        delivery = WebhookDelivery(
            webhook_id=webhook.id,
            message_id=message_id,
            event=event,
            key=key,
            body=_body(message_id, event, {"client_id": client_id, **data}),
            next_attempt_at=clock.utcnow(),
            attempts=0,
            last_response="",
            last_error="",
        )
        db.session.add(delivery)
        db.session.flush()
        made.append(delivery.id)
    db.session.commit()
    for delivery_id in made:
        enqueue_after_commit(send, delivery_id)
    return made


def _placement(placement: Any, **more: Any) -> tuple[str, int, dict[str, Any]]:
    data = {
        "placement_id": placement.id,
        "company_id": placement.company_id,
        "kind": placement.kind,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        **more,
    }
    return f"placement:{placement.id}", placement.client_id, data


def _checkpoint(checkpoint: Any) -> tuple[str, int, dict[str, Any]]:
    data = {"checkpoint_id": checkpoint.id, "placement_id": checkpoint.placement_id}
    return f"checkpoint:{checkpoint.id}", checkpoint.client_id, data


def _outcome(outcome: Any) -> tuple[str, int, dict[str, Any]]:
    data = {"outcome_id": outcome.id, "kind": outcome.kind, "on": outcome.on}
    return f"outcome:{outcome.id}:{outcome.kind}:{outcome.on}", outcome.client_id, data


#: The lifecycle hooks a webhook event follows, and what of the hook's object it tells.
_FROM_HOOKS = {
    "portal_placement_started": ("placement.started", lambda kw: _placement(kw["placement"])),
    "portal_placement_ended": (
        "placement.ended",
        lambda kw: _placement(kw["placement"], reason=kw.get("reason", "")),
    ),
    "portal_checkpoint_opened": ("checkpoint.opened", lambda kw: _checkpoint(kw["checkpoint"])),
    "portal_checkpoint_closed": ("checkpoint.closed", lambda kw: _checkpoint(kw["checkpoint"])),
    "portal_outcome_recorded": ("outcome.recorded", lambda kw: _outcome(kw["outcome"])),
}


def on_event(hook_name: str, kwargs: dict[str, Any]) -> None:
    """Called after each lifecycle hook has run (its transaction committed). A failure here
    is logged and leaves the user's own change as it was saved."""
    if hook_name not in _FROM_HOOKS:
        return
    event, told = _FROM_HOOKS[hook_name]
    key, client_id, data = told(kwargs)
    try:
        announce(event, f"{event}:{key}", client_id, data)
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("Webhook event %s about client %s was not queued", event, client_id)


def init_webhooks(app: Flask) -> None:
    listen(app, on_event)
