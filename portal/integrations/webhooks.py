"""Webhooks: registered by the admin for an account, told of the events about the young
people that account sees (ADR 0054).

An event becomes one delivery row per webhook that wants it, committed, then sent
(``delivery``). A message carries ids, dates and codes only, never names or free text: the
receiver reads the rest through the API, with a token whose scope decides what it may see.
What an account hears is what its pages show: an employer's webhook only of the placements at
its company that its trainee list shows, a coach's of their young people.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.access import audit
from portal.access.scoping import visible_client_ids_for, visible_placement_ids_for
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.hooks.manager import listen
from portal.integrations import signing
from portal.integrations.addresses import checked_url
from portal.jobs.queue import enqueue
from portal.models import Role, User, Webhook, WebhookDelivery

#: The events a webhook may ask for, and what the admin is told each is.
EVENTS = {
    "placement.started": _l("A placement started"),
    "placement.ended": _l("A placement ended"),
    "checkpoint.opened": _l("A Check Point was opened"),
    "checkpoint.closed": _l("A Check Point was closed"),
    "outcome.recorded": _l("An outcome was recorded"),
    "follow_up.due": _l("A follow-up is due"),
}
#: What each role's pages show of these: an employer sees placements, not Check Points,
#: outcomes or follow-ups; a teacher none of them.
EVENTS_OF_ROLE = {
    Role.COACH: frozenset(EVENTS),
    Role.ADMIN: frozenset(EVENTS),
    Role.PROJECT_MANAGER: frozenset(EVENTS),
    Role.EMPLOYER: frozenset({"placement.started", "placement.ended"}),
}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Made:
    webhook: Webhook
    secret: str  # shown once on the page that made it


def make(name: str, url: str, user: User, events: list[str], by: User) -> Made:
    """A webhook for ``user``'s view of the young people; its secret comes back. Commits."""
    allowed = EVENTS_OF_ROLE.get(user.role)
    if not allowed:
        raise RuleError(_l("Choose the account of staff or of an employer."), "account")
    chosen = sorted(set(events) & set(EVENTS))
    if not chosen:
        raise RuleError(_l("Choose at least one event."), "events")
    if not set(chosen) <= allowed:
        raise RuleError(_l("An employer's account is told only of placements."), "events")
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


def _told(user: User, event: str, client_id: int, placement_id: int | None) -> bool:
    """Whether ``user``'s pages show this event: its role sees such events, and the young
    person (for an employer: the placement, at its company and still in its list)."""
    if not user.active or event not in EVENTS_OF_ROLE.get(user.role, ()):
        return False
    if user.role == Role.EMPLOYER:
        if placement_id is None:
            return False
        ids = visible_placement_ids_for(user, literal(placement_id))
    else:
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


def _queued(webhook: Webhook, event: str, key: str, body: dict[str, Any]) -> int | None:
    """The new message's id; None when this webhook has the event already (also when another
    process queued it at the same moment: the unique key decides)."""
    taken = select(WebhookDelivery.id).where(
        WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.key == key
    )
    if db.session.scalar(taken) is not None:
        return None
    message_id = "msg_" + uuid.uuid4().hex
    delivery = WebhookDelivery(
        webhook_id=webhook.id,
        message_id=message_id,
        event=event,
        key=key,
        body=_body(message_id, event, body),
        next_attempt_at=clock.utcnow(),
        attempts=0,
        last_response="",
        last_error="",
    )
    try:
        with db.session.begin_nested():
            db.session.add(delivery)
    except IntegrityError:
        return None
    return delivery.id


def announce(event: str, key: str, client_id: int, data: dict[str, Any]) -> list[int]:
    """Queue ``event`` about ``client_id`` for every webhook that wants it and whose account
    is shown it; ``key`` names its subject, so the same event is queued once per webhook.
    Commits, then sends each (on the worker when there is one). The ids of the messages."""
    from portal.integrations.delivery import send

    made = []
    for webhook in _listening(event):
        if _told(webhook.user, event, client_id, data.get("placement_id")):
            delivery_id = _queued(webhook, event, key, {"client_id": client_id, **data})
            if delivery_id is not None:
                made.append(delivery_id)
    db.session.commit()
    for delivery_id in made:
        enqueue(send, delivery_id)
    return made


def _placement(placement: Any) -> tuple[str, int, dict[str, Any]]:
    data = {
        "placement_id": placement.id,
        "company_id": placement.company_id,
        "kind": placement.kind,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "ended_on": placement.ended_on,
    }
    return f"placement:{placement.id}", placement.client_id, data


def _checkpoint(checkpoint: Any) -> tuple[str, int, dict[str, Any]]:
    data = {"checkpoint_id": checkpoint.id, "placement_id": checkpoint.placement_id}
    return f"checkpoint:{checkpoint.id}", checkpoint.client_id, data


def _outcome(outcome: Any) -> tuple[str, int, dict[str, Any]]:
    data = {"outcome_id": outcome.id, "kind": outcome.kind, "on": outcome.on}
    return f"outcome:{outcome.id}:{outcome.kind}:{outcome.on}", outcome.client_id, data


#: The lifecycle hooks a webhook event follows, and what of the hook's object it tells (a
#: placement's ending reason is free text: not told).
_FROM_HOOKS = {
    "portal_placement_started": ("placement.started", lambda kw: _placement(kw["placement"])),
    "portal_placement_ended": ("placement.ended", lambda kw: _placement(kw["placement"])),
    "portal_checkpoint_opened": ("checkpoint.opened", lambda kw: _checkpoint(kw["checkpoint"])),
    "portal_checkpoint_closed": ("checkpoint.closed", lambda kw: _checkpoint(kw["checkpoint"])),
    "portal_outcome_recorded": ("outcome.recorded", lambda kw: _outcome(kw["outcome"])),
}


def on_event(hook_name: str, kwargs: dict[str, Any]) -> None:
    """Called after each lifecycle hook has run (its transaction committed). Whatever goes
    wrong here is logged and leaves the user's own change as it was saved."""
    if hook_name not in _FROM_HOOKS:
        return
    event, told = _FROM_HOOKS[hook_name]
    key, client_id, data = told(kwargs)
    try:
        announce(event, f"{event}:{key}", client_id, data)
    except Exception:
        db.session.rollback()
        log.exception("Webhook event %s about client %s was not queued", event, client_id)


def init_webhooks(app: Flask) -> None:
    listen(app, on_event)
