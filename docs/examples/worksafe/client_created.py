"""portal_client_created: remind the coach to book a safety briefing for the new client."""

from portal.api import User, db, hookimpl, send_mail

from .i18n import _


@hookimpl
def portal_client_created(client, actor):
    if client.coach_id is None:
        return
    coach = db.session.get(User, client.coach_id)  # relationships never load lazily
    send_mail(
        coach.email,
        _("Book a safety briefing"),
        _(
            "%(name)s is a new client of yours. Book a work-safety briefing before their "
            "first placement starts.",
            name=client.first_name,
        ),
    )
