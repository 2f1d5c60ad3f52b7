"""Referrals to and from the network partners (Ohjaamo, employment services, schools ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from wtforms import SelectChoice

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, NetworkPartner, Referral, User
from portal.pathway import date_rules


@dataclass
class ReferralData:
    partner_id: int
    direction: str  # "out": referred by us, "in": referred to us
    on: date
    reason: str
    result: str = ""


def active_partners() -> list[SelectChoice]:
    """The partners a client can be referred to now, as choices by name."""
    rows = db.session.execute(
        select(NetworkPartner.id, NetworkPartner.name)
        .where(NetworkPartner.active.is_(True))
        .order_by(NetworkPartner.name)
    )
    return [SelectChoice(row.id, row.name) for row in rows]


def add_referral(client: Client, data: ReferralData, actor: User) -> Referral:
    date_rules.happened(client, data.on, "on", clock.today())
    referral = Referral(client_id=client.id, author_id=actor.id, **vars(data))
    audit.record_creation(
        referral, "referral.create", object_type="referral", actor=actor, client_id=client.id
    )
    db.session.commit()
    return referral


def record_result(referral: Referral, result: str, actor: User) -> None:
    """Write down how the referral turned out."""
    referral.result = result
    audit.record_row("referral.update", referral, object_type="referral", actor=actor)
    db.session.commit()
