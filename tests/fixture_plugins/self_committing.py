"""A plugin that commits by itself in a lifecycle hook and then fails (the core commits;
plugins should not): what it committed stays, what it wrote afterwards does not."""

from portal.api import Company, db, hookimpl


@hookimpl
def portal_client_created(client, actor):
    db.session.add(Company(name="Committed early Oy", business_id="0000002-7"))
    db.session.commit()
    db.session.add(Company(name="Written after commit Oy", business_id="0000003-5"))
    db.session.flush()
    raise RuntimeError("after committing")
