"""portal_outcome_recorded: hired by the coaching company, the trainee becomes an employee."""

from sqlalchemy import select

from portal.api import Role, User, db, hookimpl, send_mail

from .i18n import _


@hookimpl
def portal_outcome_recorded(outcome, actor):
    if outcome.kind != "employed_coaching_company" or outcome.company_id is None:
        return
    supervisors = db.session.scalars(
        select(User.email).where(
            User.company_id == outcome.company_id,
            User.role == Role.EMPLOYER,
            User.active.is_(True),
        )
    )
    for email in supervisors:
        send_mail(
            email,
            _("Your trainee is now your employee"),
            _("From %(day)s the employee induction applies.", day=outcome.on.strftime("%d.%m.%Y")),
        )
