"""What a client agreed to share with the employers of their placements."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from portal.app.extensions import db
from portal.models import Client, Consent, ConsentScope, PriorLearning


@dataclass
class SharedWithEmployer:
    """Only what active consents allow; nothing from the sensitive intake record."""

    prior_learning: list[PriorLearning] = field(default_factory=list)
    goal: str = ""
    preferred_fields: str = ""
    support_text: str = ""
    language_support: bool = False

    @property
    def anything(self) -> bool:
        return bool(self.prior_learning or self.goal or self.support_text or self.language_support)


def shared_with_employer(client: Client) -> SharedWithEmployer:
    active = {
        c.scope: c
        for c in db.session.scalars(
            select(Consent)
            .where(Consent.client_id == client.id, Consent.withdrawn_at.is_(None))
            .order_by(Consent.given_at)
        )
    }
    shared = SharedWithEmployer()
    if ConsentScope.INTAKE_SUMMARY in active:
        shared.prior_learning = list(
            db.session.scalars(select(PriorLearning).where(PriorLearning.client_id == client.id))
        )
        shared.goal = client.goal
        shared.preferred_fields = client.preferred_fields
    if ConsentScope.SUPPORT_TEXT in active:
        shared.support_text = active[ConsentScope.SUPPORT_TEXT].shared_text
    shared.language_support = ConsentScope.LANGUAGE_SUPPORT in active
    return shared
