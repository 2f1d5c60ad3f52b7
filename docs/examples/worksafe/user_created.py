"""portal_user_created: welcome a new workplace supervisor with the safety basics."""

from portal.api import hookimpl, public_url, send_mail

from .i18n import _


@hookimpl
def portal_user_created(user, actor):
    if user.role != "employer":
        return
    send_mail(
        user.email,
        _("Work safety for trainees"),
        _(
            "Go through the workplace's safety rules with each trainee on their first day. "
            "Your start page lists the trainees who are starting: %(url)s",
            url=public_url("main.index"),
        ),
    )
