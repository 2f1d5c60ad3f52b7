"""portal_dashboard_widgets: a card on the workplace supervisor's start page."""

from datetime import timedelta

from sqlalchemy import select

from portal.api import Client, Placement, Widget, clock, db, employer_placements, hookimpl

from .i18n import _l


@hookimpl
def portal_dashboard_widgets(user):
    if user.role != "employer":
        return None

    def context():
        # Called only when the card renders; one query, scoped to the supervisor's company.
        today = clock.today()
        placements = employer_placements(user).with_only_columns(Placement.id)
        rows = db.session.execute(
            select(Client.first_name, Placement.start_date)
            .join(Placement, Placement.client_id == Client.id)
            .where(
                Placement.id.in_(placements),
                Placement.start_date.between(today - timedelta(days=14), today + timedelta(days=7)),
            )
            .order_by(Placement.start_date)
        ).all()
        return {"trainees": rows}

    return Widget(
        key="worksafe-first-weeks",
        title=_l("Safety in the first weeks"),
        template="worksafe/widget.html",
        context=context,
        order=40,
    )
