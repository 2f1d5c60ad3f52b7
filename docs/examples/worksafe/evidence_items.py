"""portal_evidence_items: every placement that has started began with a safety briefing."""

from sqlalchemy import select

from portal.api import Company, EvidenceItem, Placement, clock, db, hookimpl

from .i18n import _


@hookimpl
def portal_evidence_items(client):
    rows = db.session.execute(
        select(Placement.id, Placement.start_date, Company.name)
        .join(Company, Company.id == Placement.company_id)
        .where(Placement.client_id == client.id, Placement.start_date <= clock.today())
        .order_by(Placement.start_date)
    ).all()
    return [
        EvidenceItem(
            kind="worksafe_briefing",
            ref=f"worksafe:briefing:{row.id}",  # stable and unique: it is stored
            label=_("Safety briefing at %(company)s", company=row.name),
            on=row.start_date,
        )
        for row in rows
    ]
