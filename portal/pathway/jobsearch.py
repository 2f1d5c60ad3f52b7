"""The job-search log: applications, interviews and study applications, and how they went.

The coach keeps it, and the young person keeps their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.attachments.service import JOB_SEARCH, attach
from portal.models import Client, JobSearchActivity, User
from portal.pathway import date_rules


@dataclass
class JobSearchData:
    on: date
    kind: str
    organisation: str
    result: str
    position: str = ""
    notes: str = ""


def add_entry(client: Client, data: JobSearchData, actor: User) -> JobSearchActivity:
    date_rules.happened(client, data.on, "on", clock.today())
    entry = JobSearchActivity(client_id=client.id, author_id=actor.id, **vars(data))
    audit.record_creation(
        entry, "job_search.create", object_type="job_search", actor=actor, client_id=client.id
    )
    db.session.commit()
    return entry


def update_result(entry: JobSearchActivity, result: str, actor: User) -> None:
    entry.result = result
    audit.record_row("job_search.update", entry, object_type="job_search", actor=actor)
    db.session.commit()


def add_file(entry: JobSearchActivity, data: bytes, actor: User) -> None:
    """A photo or PDF of an application (the advert, the sent letter) kept with the entry."""
    attach(data, kind=JOB_SEARCH, target_id=entry.id, client_id=entry.client_id, actor=actor)
