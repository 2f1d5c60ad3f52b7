"""A plugin whose model's table is not named after the plugin: refused at start-up."""

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from portal.api import NavItem, hookimpl


class Base(DeclarativeBase):
    """Its own registry and MetaData, so the table never joins the portal's schema in other
    tests; the check finds mapped classes by their module, whichever base they use."""


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)


@hookimpl
def portal_nav_items(user):
    return NavItem("main.index", "Misnamed notes", order=99)
