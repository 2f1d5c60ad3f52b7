"""portal_assessment_submitted: a low protective-equipment score is sent to the coach."""

from portal.api import User, db, hookimpl, send_mail

from .i18n import _


@hookimpl
def portal_assessment_submitted(form_key, client, placement, answers, actor):
    if form_key != "worksafe_check" or answers.get("ppe") != "1" or client.coach_id is None:
        return
    coach = db.session.get(User, client.coach_id)
    send_mail(
        coach.email,
        _("Protective equipment not used yet"),
        _(
            "The work-safety check of %(name)s says protective equipment is not used yet.",
            name=client.first_name,
        ),
    )
