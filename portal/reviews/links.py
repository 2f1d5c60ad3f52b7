"""Single-use links: a supervisor confirms a review's record through a link that works once,
for 14 days. The token has 256 bits and only its hash is stored."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.access.scoping import employer_may_see
from portal.app import clock
from portal.app.extensions import db
from portal.app.mail import send_mail
from portal.app.rules import RuleError
from portal.app.tokens import new_token, token_hash
from portal.auth.accounts import public_url
from portal.models import Client, Placement, Review, ReviewLink, User
from portal.reviews import services

LINK_DAYS = 14


class LinkGone(RuleError):
    """The link is unknown, used or expired: the page answers 410 and stores nothing."""


def create(review: Review, client: Client, email: str, by: User) -> str:
    """Store a new link for a held review (and mail it when ``email`` is given); its URL."""
    if not review.held:
        raise RuleError(_l("Record the review as held before asking the supervisor to confirm."))
    if review.supervisor_confirmed_at is not None:
        raise RuleError(_l("The supervisor has already confirmed this record."))
    token, stored = new_token()
    db.session.add(
        ReviewLink(
            review_id=review.id,
            token_hash=stored,
            email=email.strip(),
            created_by_id=by.id,
            expires_at=clock.utcnow() + timedelta(days=LINK_DAYS),
        )
    )
    url = public_url("reviews.by_link", token=token)
    if email.strip():
        send_mail(
            email.strip(),
            str(_l("Please confirm the review of your trainee")),
            str(
                _l(
                    "Please read and confirm the record of the review of %(name)s's "
                    "workplace coaching: %(url)s (the link works once, for %(days)d days).",
                    name=client.first_name,
                    url=url,
                    days=LINK_DAYS,
                )
            ),
        )
    audit.record(
        "review.link", actor=by, client_id=client.id, object_type="review", object_id=review.id
    )
    db.session.commit()
    return url


def find(token: str) -> ReviewLink:
    """The link of ``token`` if it can still be used; :class:`LinkGone` says why not."""
    link = db.session.scalar(select(ReviewLink).where(ReviewLink.token_hash == token_hash(token)))
    if link is None:
        raise LinkGone(_l("This link is not valid."))
    if link.used_at is not None:
        raise LinkGone(_l("This link has already been used."))
    expires = link.expires_at
    if expires.tzinfo is None:  # SQLite keeps no time zone
        expires = expires.replace(tzinfo=clock.utcnow().tzinfo)
    if expires < clock.utcnow() or not _placement_visible(link.review_id):
        raise LinkGone(_l("This link has expired. Ask the coach for a new one."))
    return link


def _placement_visible(review_id: int) -> bool:
    """A link ends with the supervisor's access to the placement, however long it had left."""
    placement = db.session.scalar(
        select(Placement)
        .join(Review, Review.placement_id == Placement.id)
        .where(Review.id == review_id)
    )
    return placement is not None and employer_may_see(placement)


def confirm(link: ReviewLink, review: Review, name: str) -> None:
    """Confirm through the link, which is then used up (in the same commit)."""
    if review.supervisor_confirmed_at is not None:
        raise LinkGone(_l("The supervisor has already confirmed this record."))
    link.used_at = clock.utcnow()
    services.confirm_by_supervisor(review, None, name)
