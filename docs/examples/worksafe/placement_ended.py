"""portal_placement_ended: ask the supervisor to collect keys and protective equipment."""

from portal.api import User, db, hookimpl, send_mail

from .i18n import _


@hookimpl
def portal_placement_ended(placement, actor, reason):
    if placement.supervisor_id is None:
        return
    supervisor = db.session.get(User, placement.supervisor_id)
    body = _("The placement ended on %(day)s.", day=placement.ended_on.strftime("%d.%m.%Y"))
    if reason:
        body += " " + _("Reason: %(reason)s", reason=reason)
    send_mail(supervisor.email, _("Collect keys and protective equipment"), body)
