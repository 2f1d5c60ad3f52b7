"""portal_checkpoint_opened: tell the project managers when a Check Point is about safety."""

from sqlalchemy import select

from portal.api import Role, User, db, hookimpl, send_mail

from .i18n import _

WORDS = ("safety", "accident", "turvallisuus", "tapaturma", "säkerhet", "olycka")


@hookimpl
def portal_checkpoint_opened(checkpoint, actor):
    if not any(word in checkpoint.difficulty.lower() for word in WORDS):
        return
    admins = db.session.scalars(
        select(User.email).where(User.role == Role.ADMIN, User.active.is_(True))
    )
    for email in admins:
        send_mail(
            email,
            _("A Check Point about work safety"),
            _("%(who)s opened it: %(what)s", who=actor.name, what=checkpoint.difficulty),
        )
