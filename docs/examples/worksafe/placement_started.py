"""portal_placement_started: send the supervisor the first-day safety checklist."""

from portal.api import User, db, hookimpl, send_mail

from .i18n import _


@hookimpl
def portal_placement_started(placement, actor):
    if placement.supervisor_id is None:
        return
    supervisor = db.session.get(User, placement.supervisor_id)
    send_mail(
        supervisor.email,
        _("First-day safety checklist"),
        _(
            "A trainee starts with you on %(day)s. On the first day: emergency exits, "
            "protective equipment, and who to ask. Tasks: %(tasks)s",
            day=placement.start_date.strftime("%d.%m.%Y"),
            tasks=placement.tasks or "-",
        ),
    )
