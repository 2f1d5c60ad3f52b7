"""Raising, listing and reading notifications.

A notification names a kind, a link and (optionally) the client it is about; its text is the
kind's, in the reader's language. Listing and counting keep only the notifications about
clients the reader may see now (``visible_clients``), so a notification never outlives the
reader's access, and it never carries free text: an employer gets nothing special-category.
The mail says only the kind and the link, in the recipient's language.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import abort, current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, exists, func, literal, or_, select, update

from portal.access.scoping import visible_clients
from portal.access.viewer import Viewer
from portal.app import clock
from portal.app.extensions import db
from portal.app.mail import send_mail
from portal.app.rules import RuleError
from portal.models import Client, Notification, NotificationSetting, User

#: Every kind of notification, with its text (the core's and the plugins' alike).
KINDS = {
    "concern_raised": _l("A concern was raised about a young person"),
    "assessment_submitted": _l("An assessment was submitted"),
    "review_to_confirm": _l("A review waits for your confirmation"),
    "demonstration_graded": _l("A competence demonstration was graded"),
    "model_to_sign": _l("An onboarding model waits for your approval"),
}
PAGE = 25
LINK_LENGTH = 300
#: Set on a signed-in user loaded with the probe of :func:`any_unread` when it found nothing.
NONE_UNREAD = "_polku_none_unread"


@dataclass(frozen=True)
class Shown:
    """A notification as its reader sees it."""

    id: int
    kind: str
    text: str
    link: str
    client_name: str | None
    created_at: object
    unread: bool


def notify(
    recipients: Iterable[User], kind: str, *, link: str, client_id: int | None = None
) -> None:
    """Tell each recipient (once each, never the actor's own notification twice) within the
    caller's transaction; mail those who keep this kind by email."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if len(link) > LINK_LENGTH or not link.startswith("/"):
        raise ValueError("a notification links to a page of the portal")
    people = {user.id: user for user in recipients if user is not None and user.active}
    if not people:
        return
    for user in people.values():
        db.session.add(Notification(user_id=user.id, client_id=client_id, kind=kind, link=link))
        note_unread(user, True)  # a page of this request counts them again
    muted = set(
        db.session.scalars(
            select(NotificationSetting.user_id).where(
                NotificationSetting.user_id.in_(people),
                NotificationSetting.kind == kind,
                NotificationSetting.email.is_(False),
            )
        )
    )
    for user in people.values():
        if user.id not in muted:
            _mail(user, kind, link)


def link_to(endpoint: str, **values: object) -> str:
    """The path of a portal page, for a notification's link (works outside a request too)."""
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _mail(user: User, kind: str, link: str) -> None:
    url = current_app.config["PUBLIC_URL"].rstrip("/") + link
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = str(KINDS[kind])
        body = _(
            "%(what)s. Open Polku to see it: %(url)s\n\nYou can choose which notifications "
            "come by email on the notifications page.",
            what=subject,
            url=url,
        )
    send_mail(user.email, subject, body)


def _visible(user: User) -> Select:
    """The reader's notifications about no client or a client they may see now.

    The scope is tested per notification (a correlated EXISTS probing one client by its key),
    not built as a list of the whole caseload: a reader has few notifications and a coach may
    have tens of thousands of clients in reach."""
    client_in_reach = (
        visible_clients(user)
        .with_only_columns(literal(1))
        .where(Client.id == Notification.client_id)
        .correlate(Notification)
        .exists()
    )
    return select(Notification).where(
        Notification.user_id == user.id,
        or_(Notification.client_id.is_(None), client_in_reach),
    )


def any_unread(user_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the user of ``user_id`` has any unread notification at all, in scope or not:
    an index probe that the session store adds to its statement (ADR 0031)."""
    return exists().where(Notification.user_id == user_id, Notification.read_at.is_(None))


def note_unread(user: User, found: bool) -> None:
    """Keep the answer of :func:`any_unread` with the user loaded for this request."""
    if found:
        user.__dict__.pop(NONE_UNREAD, None)
    else:
        user.__dict__[NONE_UNREAD] = True


def unread_count(user: User) -> int:
    """The header's badge: no statement when the session's own statement found no unread
    notification at all, else one."""
    if user.__dict__.get(NONE_UNREAD):
        return 0
    return db.session.scalar(_unread_count_statement(Viewer.of(user), clock.today()))


@functools.lru_cache(maxsize=1024)
def _unread_count_statement(viewer: Viewer, today: date) -> Select:
    """The badge's statement, built once per viewer and day in a process: building the scoped
    statement costs more Python than running it, and the header asks on every page.
    ``today`` is in the key because an employer's scope moves with the date."""
    query = _visible(viewer).where(Notification.read_at.is_(None))  # type: ignore[arg-type]
    return query.with_only_columns(func.count())


def page(user: User, before: int | None = None) -> list[Shown]:
    """Newest first, a page at a time by id (one statement)."""
    query = (
        _visible(user)
        .outerjoin(Client, Client.id == Notification.client_id)
        .add_columns(Client.first_name, Client.last_name)
        .order_by(Notification.id.desc())
        .limit(PAGE)
    )
    if before is not None:
        query = query.where(Notification.id < before)
    return [
        Shown(
            id=n.id,
            kind=n.kind,
            text=str(KINDS.get(n.kind, n.kind)),
            link=n.link,
            client_name=f"{first} {last}" if first is not None else None,
            created_at=n.created_at,
            unread=n.read_at is None,
        )
        for n, first, last in db.session.execute(query)
    ]


def get_or_404(user: User, notification_id: int) -> Notification:
    """The reader's own visible notification; anyone else's (or one out of scope) is 404."""
    found = db.session.scalar(_visible(user).where(Notification.id == notification_id))
    if found is None:
        abort(404)
    return found


def mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = clock.utcnow()
    db.session.commit()
    return notification


def mark_all_read(user: User) -> int:
    ids = _visible(user).where(Notification.read_at.is_(None)).with_only_columns(Notification.id)
    result = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids))
        .values(read_at=clock.utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def email_kinds(user: User) -> set[str]:
    """The kinds this user gets by email (every kind unless turned off)."""
    off = set(
        db.session.scalars(
            select(NotificationSetting.kind).where(
                NotificationSetting.user_id == user.id, NotificationSetting.email.is_(False)
            )
        )
    )
    return set(KINDS) - off


def save_email_kinds(user: User, kinds: Iterable[str]) -> None:
    chosen = set(kinds)
    if not chosen <= set(KINDS):
        raise RuleError(_l("Choose from the kinds listed."), "email")
    current = {
        s.kind: s
        for s in db.session.scalars(
            select(NotificationSetting).where(NotificationSetting.user_id == user.id)
        )
    }
    for kind in KINDS:
        setting = current.get(kind)
        if setting is None:
            setting = NotificationSetting(user_id=user.id, kind=kind)
            db.session.add(setting)
        setting.email = kind in chosen
    db.session.commit()
