"""Everything on a client's page, loaded with one query per kind of record, the lists of
records without relations of their own in one query together (:mod:`portal.pathway.lists`).

The client page reads from here, so the number of SQL statements does not
grow with the client's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from portal.app import clock
from portal.app.extensions import db
from portal.attachments.service import JOB_SEARCH, attachments_of
from portal.models import (
    Attachment,
    Attendance,
    Checkpoint,
    Client,
    Consent,
    ContactNote,
    FollowUp,
    Group,
    GroupSession,
    JobSearchActivity,
    Outcome,
    Placement,
    PriorLearning,
    Referral,
    StateTransition,
)
from portal.pathway.lists import Listing, several


@dataclass
class ClientFile:
    client: Client
    groups: list[Group] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    transitions: list[StateTransition] = field(default_factory=list)
    prior_learning: list[PriorLearning] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    contacts: list[ContactNote] = field(default_factory=list)
    checkpoints: list[Checkpoint] = field(default_factory=list)
    job_search: list[JobSearchActivity] = field(default_factory=list)
    #: Each job-search entry's photos and PDFs, by the entry's id.
    job_search_files: dict[int, list[Attachment]] = field(default_factory=dict)
    outcome: Outcome | None = None
    follow_ups: list[FollowUp] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    attendance: list[tuple[GroupSession, Attendance]] = field(default_factory=list)

    @property
    def open_checkpoint(self) -> Checkpoint | None:
        return next((c for c in self.checkpoints if c.is_open), None)

    @property
    def running_placement(self) -> Placement | None:
        today = clock.today()
        return next(
            (
                p
                for p in self.placements
                if p.ended_on is None and p.start_date <= today <= p.end_date
            ),
            None,
        )


def _all(query) -> list:
    return list(db.session.scalars(query).unique())


def _lists() -> list[Listing]:
    """The client file's lists of records without relations of their own, read together."""
    cid = bindparam("client_id")
    job_search = select(JobSearchActivity.id).where(JobSearchActivity.client_id == cid)
    return [
        Listing(PriorLearning, PriorLearning.client_id == cid, (PriorLearning.id,)),
        Listing(Consent, Consent.client_id == cid, (Consent.id,)),
        Listing(Checkpoint, Checkpoint.client_id == cid, (Checkpoint.opened_at.desc(),)),
        Listing(
            JobSearchActivity,
            JobSearchActivity.client_id == cid,
            (JobSearchActivity.on.desc(), JobSearchActivity.id.desc()),
        ),
        Listing(Outcome, Outcome.client_id == cid, (Outcome.id,)),
        Listing(FollowUp, FollowUp.client_id == cid, (FollowUp.due_date,)),
        Listing(
            Attachment,
            (Attachment.target_kind == JOB_SEARCH) & Attachment.target_id.in_(job_search),
            (Attachment.id,),
        ),
    ]


def load_client_file(client: Client) -> ClientFile:
    cid = client.id
    prior, consents, checkpoints, job_search, outcomes, follow_ups, files = several(
        "client_file", _lists, client_id=cid
    )
    job_search_files: dict[int, list[Attachment]] = {j.id: [] for j in job_search}
    for attachment in files:
        job_search_files[attachment.target_id].append(attachment)
    return ClientFile(
        client=client,
        groups=_all(
            select(Group).join(Group.members).where(Client.id == cid).order_by(Group.start_date)
        ),
        placements=_all(
            select(Placement)
            .where(Placement.client_id == cid)
            .options(
                joinedload(Placement.company),
                joinedload(Placement.supervisor),
                joinedload(Placement.interruptions),
            )
            .order_by(Placement.start_date)
        ),
        transitions=_all(
            select(StateTransition)
            .where(StateTransition.client_id == cid)
            .options(joinedload(StateTransition.actor))
            .order_by(StateTransition.at)
        ),
        prior_learning=prior,
        consents=consents,
        contacts=_all(
            select(ContactNote)
            .where(ContactNote.client_id == cid)
            .options(joinedload(ContactNote.author))
            .order_by(ContactNote.on.desc(), ContactNote.id.desc())
        ),
        checkpoints=checkpoints,
        job_search=job_search,
        job_search_files=job_search_files,
        outcome=outcomes[0] if outcomes else None,
        follow_ups=follow_ups,
        referrals=_all(
            select(Referral)
            .where(Referral.client_id == cid)
            .options(joinedload(Referral.partner))
            .order_by(Referral.on.desc())
        ),
        attendance=list(
            db.session.execute(
                select(GroupSession, Attendance)
                .join(Attendance, Attendance.session_id == GroupSession.id)
                .where(Attendance.client_id == cid)
                .order_by(GroupSession.on)
            ).all()
        ),
    )


def with_job_search_files(file: ClientFile) -> ClientFile:
    """``file`` with its job-search entries' photos and PDFs (one statement)."""
    file.job_search_files = attachments_of(JOB_SEARCH, [j.id for j in file.job_search])
    return file
