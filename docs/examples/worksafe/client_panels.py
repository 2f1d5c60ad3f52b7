"""portal_client_panels: a section on the client's page (coach) and trainee page (employer)."""

from sqlalchemy import select

from portal.api import Company, Panel, Placement, db, hookimpl

from .i18n import _l


@hookimpl
def portal_client_panels(client, viewer):
    if viewer.role not in ("coach", "admin", "employer"):
        return None

    def context():
        query = (
            select(Company.name, Placement.tasks)
            .join(Company, Company.id == Placement.company_id)
            .where(Placement.client_id == client.id, Placement.ended_on.is_(None))
            .order_by(Placement.start_date)
        )
        if viewer.role == "employer":  # a supervisor sees only their own company's placement
            query = query.where(Placement.company_id == viewer.company_id)
        return {"placements": db.session.execute(query).all()}

    return Panel(
        key="worksafe",
        title=_l("Work safety"),
        template="worksafe/panel.html",
        context=context,
        order=60,
    )
