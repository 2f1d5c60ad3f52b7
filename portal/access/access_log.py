"""Who has seen a client's information: the reads of the audit trail, in plain language.

The young person sees the date, the reader's role and organisation and the purpose of each
read of their data (CJEU C-579/21); staff names only where the project's data-protection
practice calls for it (``ACCESS_LOG_SHOWS_NAMES``). The admin can produce the same list for
a client who asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, union_all
from sqlalchemy.orm import aliased

from portal.access import audit
from portal.app.extensions import db
from portal.app.pagination import MAX_ID
from portal.models import AuditEvent, Client, Company, Project, Role, User

#: Reads shown on one page; older ones follow by key (``before`` the last id shown).
PAGE_SIZE = 25

#: What was read, by the start of the logged object type (the page's endpoint or a name).
WHAT = (
    ("client_sensitive", _l("your support needs and language")),
    ("clients.", _l("your basic information and path")),
    ("pathway.timeline", _l("the timeline of your path")),
    ("pathway.", _l("your path: workplaces, Check Points and results")),
    ("trainees.", _l("what your workplace may see about you")),
    ("reviews.", _l("the reviews of your workplace coaching")),
    ("assessments.", _l("assessments of your work")),
    ("school_record", _l("the record of your competence for the school")),
    ("recognition.", _l("the recognition of your competence")),
    ("onboarding.", _l("your onboarding at the workplace")),
    ("client_export", _l("a list of participants (a report file)")),
    ("access_log", _l("the list of who has seen your information")),
    ("esf.", _l("your answers to the funder's questions (ESF+)")),
    ("distance", _l("your self-assessments")),
    ("worklist.", _l("your coach's list of things to do")),
)
#: Why, by the purpose codes the portal logs; anything else is a purpose an admin wrote.
WHY = {
    "coaching": _l("coaching you"),
    "workplace_supervision": _l("supervising your work at the workplace"),
    "administration": _l("running the project"),
    "reporting": _l("reports on the project's work"),
    "access_request": _l("your request to know who has seen your information"),
    "esf_reporting": _l("reports to the project's funder (ESF+)"),
}


@dataclass(frozen=True)
class Reading:
    id: int
    at: datetime
    role: str
    organisation: str
    name: str
    what: object
    purpose: object


def before_key() -> int | None:
    """The ``before`` key of an older page of reads; a nonsense key gives the first page."""
    key = request.args.get("before", type=int)
    return key if key is not None and 0 < key <= MAX_ID else None


def what_was_read(object_type: str) -> object:
    for start, words in WHAT:
        if object_type.startswith(start):
            return words
    return _l("your information")


def why(purpose: str) -> object:
    return WHY.get(purpose, purpose)


def _organisation(role: str, company: str | None, project: str | None) -> str:
    """An employer's company, the project for staff, nothing for someone with a link."""
    if not role:
        return ""
    return (company if role == Role.EMPLOYER else project) or "Polku"


def _read_ids(client_id: int, before: int | None) -> Select:
    """The ids of a page of reads of ``client_id`` and of the records merged into it (ADR
    0056): the client's own newest, a range of the index on (client, id), beside those of
    the merged records (a few, whose trail ended with the merge)."""
    merged = aliased(Client, name="merged_record")
    shown = (
        AuditEvent.outcome == "ok",
        audit.is_read(AuditEvent.action),
        AuditEvent.actor_role != Role.CLIENT,
        *(() if before is None else (AuditEvent.id < before,)),
    )
    own = select(AuditEvent.id).where(AuditEvent.client_id == client_id, *shown)
    of_merged = (
        select(AuditEvent.id)
        .join(merged, merged.id == AuditEvent.client_id)
        .where(merged.merged_into_id == client_id, *shown)
    )
    branches = [
        select(part.order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1).subquery())
        for part in (own, of_merged)
    ]
    return select(union_all(*branches).subquery())


def readings(client_id: int, before: int | None = None) -> tuple[list[Reading], int | None]:
    """One page of reads of ``client_id``'s data, newest first, and the key of the next page.

    One statement: the organisation of staff is the project's name, of an employer their
    company's (as it was when they read).
    """
    project = select(Project.name).order_by(Project.id).limit(1)
    query = (
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.actor_role,
            AuditEvent.object_type,
            AuditEvent.purpose,
            User.name,
            Company.name,
            project.scalar_subquery(),
        )
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Company, Company.id == AuditEvent.company_id)
        .where(AuditEvent.id.in_(_read_ids(client_id, before)))
        .order_by(AuditEvent.id.desc())
        .limit(PAGE_SIZE + 1)
    )
    rows = db.session.execute(query).all()
    names = current_app.config["ACCESS_LOG_SHOWS_NAMES"]
    page = [
        Reading(
            id=row[0],
            at=row[1],
            role=row[2],
            organisation=_organisation(row[2], row[6], row[7]),
            name=(row[5] or "") if names else "",
            what=what_was_read(row[3]),
            purpose=why(row[4]),
        )
        for row in rows[:PAGE_SIZE]
    ]
    more = len(rows) > PAGE_SIZE
    return page, (page[-1].id if more else None)
