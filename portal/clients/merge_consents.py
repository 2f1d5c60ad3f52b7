"""The consents of two records merged into one (ADR 0056): per scope, only the newest decision
of the young person stays in force.

A consent given on one record and withdrawn later on the other was withdrawn: the young person
took it back, whichever record the coach wrote it on. So when the newest decision of a scope,
across both records, is a withdrawal, the consents of that scope given before it and still
active are withdrawn as of that decision. A consent given after the newest withdrawal is the
newest decision, and stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.access import audit
from portal.app.extensions import db
from portal.models import Client, Consent, User


@dataclass(frozen=True)
class Moving:
    """A consent of the other record, as the merge page lists it: ``withdrawn_on`` is when
    the merge counts it withdrawn (already, or by a later withdrawal on the record kept)."""

    consent: Consent
    withdrawn_on: datetime | None
    by_merge: bool


def _both(keep: Client, other: Client) -> list[Consent]:
    return list(
        db.session.scalars(
            select(Consent)
            .where(Consent.client_id.in_((keep.id, other.id)))
            .order_by(Consent.given_at, Consent.id)
        )
    )


def _withdrawals(consents: list[Consent]) -> dict[int, datetime]:
    """The active consents that a newer withdrawal of the same scope ends, with its time."""
    newest: dict[str, datetime] = {}
    for consent in consents:
        if consent.withdrawn_at is not None:
            known = newest.get(consent.scope)
            if known is None or consent.withdrawn_at > known:
                newest[consent.scope] = consent.withdrawn_at
    return {
        consent.id: newest[consent.scope]
        for consent in consents
        if consent.withdrawn_at is None
        and consent.scope in newest
        and consent.given_at <= newest[consent.scope]
    }


def moving(keep: Client, other: Client) -> list[Moving]:
    """The other record's consents, newest first, and what the merge makes of each."""
    consents = _both(keep, other)
    ended = _withdrawals(consents)
    theirs = [c for c in reversed(consents) if c.client_id == other.id]
    return [Moving(c, c.withdrawn_at or ended.get(c.id), c.id in ended) for c in theirs]


def settle(keep: Client, other: Client, actor: User) -> int:
    """Withdraw the active consents that a newer withdrawal on either record ended, before the
    rows move; how many. Each is audited as a withdrawal."""
    consents = _both(keep, other)
    ended = _withdrawals(consents)
    for consent in consents:
        if consent.id in ended:
            consent.withdrawn_at = ended[consent.id]
            audit.record_row("consent.withdraw", consent, object_type="consent", actor=actor)
    db.session.flush()
    return len(ended)
