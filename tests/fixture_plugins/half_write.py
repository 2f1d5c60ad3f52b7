"""A plugin that writes and then fails in lifecycle hooks: none of its writes may be stored."""

from portal.api import Company, db, hookimpl


class HalfWritten(RuntimeError):
    pass


@hookimpl
def portal_client_created(client, actor):
    db.session.add(Company(name="Half written Oy", business_id="0000001-9"))
    db.session.flush()
    raise HalfWritten("after writing")


@hookimpl
def portal_placement_started(placement, actor):
    """Breaks a unique constraint: the failure comes when the core commits its savepoint."""
    db.session.add(Company(name="Duplicate Oy", business_id="2914650-5"))
