"""portal_checkpoint_closed: a change of placement needs a new safety briefing."""

from portal.api import hookimpl, send_mail

from .i18n import _


@hookimpl
def portal_checkpoint_closed(checkpoint, actor):
    if checkpoint.decision != "change_placement":
        return
    send_mail(
        actor.email,
        _("Book a safety briefing for the new placement"),
        _("The Check Point decided on a change of placement: the new workplace needs a briefing."),
    )
