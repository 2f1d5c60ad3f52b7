"""Single-use links: a supervisor without an account answers one assessment through a link
that works once, for 14 days. Only the token's hash is stored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from plugins.assessments import services
from plugins.assessments.i18n import _
from plugins.assessments.models import OPEN, Assessment, AssessmentLink
from portal.api import (
    Placement,
    RuleError,
    User,
    clock,
    db,
    employer_may_see,
    new_token,
    public_url,
    send_mail,
    token_hash,
)

LINK_DAYS = 14


def create(item: Assessment, email: str, by: User) -> str:
    """Store a new link (and mail it when ``email`` is given); returns the URL."""
    if item.status not in OPEN or item.filled_by != "supervisor":
        raise RuleError(_("A link can be sent only for a supervisor's open assessment."))
    token, stored = new_token()
    db.session.add(
        AssessmentLink(
            assessment_id=item.id,
            token_hash=stored,
            email=email.strip(),
            created_by_id=by.id,
            expires_at=clock.utcnow() + timedelta(days=LINK_DAYS),
        )
    )
    url = public_url("assessments.by_link", token=token)
    if email.strip():
        send_mail(
            email.strip(),
            _("An assessment of your trainee"),
            _(
                "Please assess how %(name)s has done at work. The form takes about two "
                "minutes: %(url)s (the link works once, for %(days)d days).",
                name=item.client.first_name,
                url=url,
                days=LINK_DAYS,
            ),
        )
    db.session.commit()
    return url


def find(token: str) -> AssessmentLink:
    """The link of ``token`` if it can still be used; ``RuleError`` says why not."""
    link = db.session.scalar(
        select(AssessmentLink).where(AssessmentLink.token_hash == token_hash(token))
    )
    if link is None:
        raise RuleError(_("This link is not valid."))
    if link.used_at is not None:
        raise RuleError(_("This link has already been used."))
    expires = (
        link.expires_at
        if link.expires_at.tzinfo
        else link.expires_at.replace(tzinfo=clock.utcnow().tzinfo)
    )
    if expires < clock.utcnow() or not _placement_visible(link.assessment_id):
        raise RuleError(_("This link has expired. Ask the coach for a new one."))
    return link


def _placement_visible(assessment_id: int) -> bool:
    """A link ends with the supervisor's access to the placement, however long it had left."""
    placement = db.session.scalar(
        select(Placement)
        .join(Assessment, Assessment.placement_id == Placement.id)
        .where(Assessment.id == assessment_id)
    )
    return placement is not None and employer_may_see(placement)


def resend(stored_hash: str, by: User) -> None:
    """The outbox's "send a new link": the old link stops, a fresh one goes to its address."""
    link = db.session.scalar(select(AssessmentLink).where(AssessmentLink.token_hash == stored_hash))
    if link is None or not link.email:
        raise RuleError(_("This link is not valid."))
    item = db.session.scalar(
        services.with_people(select(Assessment)).where(Assessment.id == link.assessment_id)
    )
    if link.used_at is None:
        link.used_at = clock.utcnow()
    create(item, link.email, by)
