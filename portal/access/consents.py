"""What a client agreed to share with the employers of their placements.

Each consent is shown to the young person in the wording below (its version is
``CONSENT_WORDING_VERSION``, stored on the consent), and they may withdraw it themselves.
Only active consents reach the employer's pages: a withdrawn one hides what it shared at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from portal.app.extensions import db
from portal.models import Client, Consent, ConsentScope, PriorLearning

#: What each consent shares, in the words the young person agrees to.
SHARES = {
    ConsentScope.INTAKE_SUMMARY: _l(
        "Your workplace supervisor sees what you have learned before and your goal."
    ),
    ConsentScope.SUPPORT_TEXT: _l(
        "Your workplace supervisor sees the support you agreed with your coach, in the words below."
    ),
    ConsentScope.LANGUAGE_SUPPORT: _l(
        "Your workplace supervisor is told that you need language support, with a short "
        "guide: give instructions clearly, and show as well as tell."
    ),
}
#: What changes when the young person withdraws the consent.
WITHDRAWING = {
    ConsentScope.INTAKE_SUMMARY: _l(
        "Your workplace supervisor no longer sees what you have learned before or your goal."
    ),
    ConsentScope.SUPPORT_TEXT: _l(
        "Your workplace supervisor no longer sees the support text you agreed with your coach."
    ),
    ConsentScope.LANGUAGE_SUPPORT: _l(
        "Your workplace supervisor no longer sees that you need language support, "
        "nor the language guide."
    ),
}


def consents_of(client: Client) -> list[Consent]:
    """Every consent of the client, active and withdrawn (the history), newest first."""
    return list(
        db.session.scalars(
            select(Consent)
            .where(Consent.client_id == client.id)
            .order_by(Consent.given_at.desc(), Consent.id.desc())
        )
    )


def consent_of_or_404(client: Client, consent_id: int) -> Consent:
    consent = db.session.scalar(
        select(Consent).where(Consent.id == consent_id, Consent.client_id == client.id)
    )
    if consent is None:
        abort(404)
    return consent


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
    """What the client's active consents let their supervisor read, in one statement: the
    prior learning comes joined to the intake-summary consent, and only to it."""
    rows = db.session.execute(
        select(Consent, PriorLearning)
        .outerjoin(
            PriorLearning,
            and_(
                PriorLearning.client_id == Consent.client_id,
                Consent.scope == ConsentScope.INTAKE_SUMMARY,
            ),
        )
        .where(Consent.client_id == client.id, Consent.withdrawn_at.is_(None))
        .order_by(Consent.given_at, Consent.id, PriorLearning.id)
    ).all()
    active = {consent.scope: consent for consent, _learning in rows}
    shared = SharedWithEmployer()
    if ConsentScope.INTAKE_SUMMARY in active:
        learned = {learning.id: learning for _c, learning in rows if learning is not None}
        shared.prior_learning = list(learned.values())
        shared.goal = client.goal
        shared.preferred_fields = client.preferred_fields
    if ConsentScope.SUPPORT_TEXT in active:
        shared.support_text = active[ConsentScope.SUPPORT_TEXT].shared_text
    shared.language_support = ConsentScope.LANGUAGE_SUPPORT in active
    return shared
