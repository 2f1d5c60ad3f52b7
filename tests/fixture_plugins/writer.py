"""A well-behaved plugin that writes in lifecycle hooks; registered after a failing one."""

from portal.api import Company, db, hookimpl

#: Set by a test: the plugin commits by itself, as plugins did before the core committed.
COMMITS_ITSELF = False


def _write(name: str, business_id: str) -> None:
    db.session.add(Company(name=name, business_id=business_id))
    if COMMITS_ITSELF:
        db.session.commit()


@hookimpl
def portal_client_created(client, actor):
    _write("Written Oy", "0000004-3")


@hookimpl
def portal_placement_started(placement, actor):
    _write("Written at start Oy", "0000005-1")
