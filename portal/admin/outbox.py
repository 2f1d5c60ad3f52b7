"""The outbox as the admin sees it: no live secret link ever shows, and a message that held one
can be resent, which mails a fresh link to its recipient only.

A secret link (an invitation, a review or assessment link) opens a page without signing in:
whoever reads it can use it. The stored message keeps its link, which the mail server needs;
the page shows it masked. Resending stops the old link and issues a new one to the person it
was meant for, so the admin can help someone whose mail went astray without seeing a token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.app.tokens import token_hash
from portal.auth import accounts
from portal.hooks.manager import collect
from portal.models import Client, Invitation, MailDelivery, OutboxMessage, Review, ReviewLink, User
from portal.reviews import links as review_links

#: A run of URL-safe characters as long as a token (256 bits are 43 of them; 32 is the least
#: any secret of the portal has): masked wherever it appears in a message.
SECRET = re.compile(r"[A-Za-z0-9_-]{32,}")
URL = re.compile(r"https?://[^\s<>\"']+")
MASK = "••••••"


def masked(body: str) -> str:
    """The message as the admin may read it: every token replaced by a mask."""
    return SECRET.sub(MASK, body)


def deliveries(message_ids: list[int]) -> dict[int, MailDelivery]:
    """How sending went for each message on the page (attempts, last error), by id."""
    if not message_ids:
        return {}
    rows = db.session.scalars(select(MailDelivery).where(MailDelivery.message_id.in_(message_ids)))
    return {d.message_id: d for d in rows}


def links_in(body: str) -> list[str]:
    return [url.rstrip(".,;:)") for url in URL.findall(body)]


def _token_pages(body: str) -> list[tuple[str, str]]:
    """(endpoint, token) of each link in ``body`` that opens a page by a secret token."""
    adapter = current_app.url_map.bind("localhost")
    found = []
    for url in links_in(body):
        try:
            endpoint, args = adapter.match(urlsplit(url).path, method="GET")
        except HTTPException:
            continue
        if "token" in args:
            found.append((endpoint, str(args["token"])))
    return found


def holds_link(message: OutboxMessage) -> bool:
    return bool(_token_pages(message.body))


def _resend_invitation(stored: str, actor: User) -> None:
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == stored))
    if invitation is None:
        raise RuleError(_l("The link in this message no longer exists."))
    user = db.session.get(User, invitation.user_id)
    if user.password_hash is not None:
        raise RuleError(_l("The account has already been taken into use."))
    accounts.invite(user, actor)  # stops the earlier links of the account


def _resend_review_link(stored: str, actor: User) -> None:
    link = db.session.scalar(select(ReviewLink).where(ReviewLink.token_hash == stored))
    if link is None or not link.email:
        raise RuleError(_l("The link in this message no longer exists."))
    review = db.session.get(Review, link.review_id)
    if link.used_at is None:
        link.used_at = clock.utcnow()  # the old link stops working
    client = db.session.get(Client, review.client_id)
    review_links.create(review, client, link.email, actor)


def _resenders() -> dict[str, Callable[[str, User], None]]:
    core = {
        "auth.accept_invitation": _resend_invitation,
        "reviews.by_link": _resend_review_link,
    }
    return {**{r.endpoint: r.resend for r in collect("portal_link_resenders")}, **core}


def resend(message: OutboxMessage, actor: User) -> None:
    """Mail a fresh link, instead of each secret link in ``message``, to its recipient."""
    pages = _token_pages(message.body)
    if not pages:
        raise RuleError(_l("This message holds no link to send again."))
    resenders = _resenders()
    for endpoint, token in pages:
        if endpoint not in resenders:
            raise RuleError(_l("This link cannot be sent again from the outbox."))
        resenders[endpoint](token_hash(token), actor)
    audit.record("outbox.resend", actor=actor, object_type="outbox_message", object_id=message.id)
    db.session.commit()
