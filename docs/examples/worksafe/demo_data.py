"""portal_demo_data: a partner company that lends protective equipment."""

from sqlalchemy import select

from portal.api import Company, db, hookimpl


@hookimpl
def portal_demo_data(today):
    if db.session.scalar(select(Company.id).where(Company.business_id == "1234567-1")):
        return
    db.session.add(
        Company(
            name="Turvavaruste Oy",
            business_id="1234567-1",
            industry="Suojavarusteet",
            city="Vantaa",
        )
    )
