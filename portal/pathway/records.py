"""What the coach records about a client along the way: prior learning, contacts, consents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Client, Consent, ConsentScope, ContactNote, PriorLearning, User
from portal.models.base import utcnow
from portal.pathway import date_rules


@dataclass
class PriorLearningData:
    what: str
    where: str = ""
    duration: str = ""
    evidence: str = ""


@dataclass
class ContactData:
    on: date
    channel: str
    summary: str = ""


@dataclass
class ConsentData:
    scope: str
    shared_text: str = ""


def add_prior_learning(client: Client, data: PriorLearningData, actor: User) -> PriorLearning:
    entry = PriorLearning(client_id=client.id, **vars(data))
    audit.record_creation(
        entry,
        "prior_learning.create",
        object_type="prior_learning",
        actor=actor,
        client_id=client.id,
    )
    db.session.commit()
    return entry


def add_contact(client: Client, data: ContactData, actor: User) -> ContactNote:
    date_rules.happened(client, data.on, "on", clock.today())
    note = ContactNote(client_id=client.id, author_id=actor.id, **vars(data))
    audit.record_creation(
        note, "contact.create", object_type="contact", actor=actor, client_id=client.id
    )
    db.session.commit()
    return note


def add_consent(client: Client, data: ConsentData, actor: User) -> Consent:
    """Record what the client agreed to share; the support text is shared in their words."""
    if data.scope == ConsentScope.SUPPORT_TEXT and not data.shared_text:
        raise RuleError(_l("Write the text the client agreed to share."), field="shared_text")
    consent = Consent(client_id=client.id, recorded_by_id=actor.id, **vars(data))
    audit.record_creation(
        consent, "consent.create", object_type="consent", actor=actor, client_id=client.id
    )
    db.session.commit()
    return consent


def withdraw_consent(consent: Consent, actor: User) -> None:
    """Employers stop seeing what it shared at once; withdrawing it again changes nothing."""
    if consent.withdrawn_at is not None:
        return
    consent.withdrawn_at = utcnow()
    audit.record_row("consent.withdraw", consent, object_type="consent", actor=actor)
    db.session.commit()
