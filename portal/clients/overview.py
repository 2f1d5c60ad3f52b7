"""Everything on a client's page, loaded with one query per kind of record.

The client page reads from here, so the number of SQL statements does not
grow with the client's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
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


def load_client_file(client: Client) -> ClientFile:
    cid = client.id
    file = ClientFile(
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
        prior_learning=_all(
            select(PriorLearning).where(PriorLearning.client_id == cid).order_by(PriorLearning.id)
        ),
        consents=_all(select(Consent).where(Consent.client_id == cid).order_by(Consent.id)),
        contacts=_all(
            select(ContactNote)
            .where(ContactNote.client_id == cid)
            .options(joinedload(ContactNote.author))
            .order_by(ContactNote.on.desc(), ContactNote.id.desc())
        ),
        checkpoints=_all(
            select(Checkpoint)
            .where(Checkpoint.client_id == cid)
            .order_by(Checkpoint.opened_at.desc())
        ),
        job_search=_all(
            select(JobSearchActivity)
            .where(JobSearchActivity.client_id == cid)
            .order_by(JobSearchActivity.on.desc(), JobSearchActivity.id.desc())
        ),
        outcome=db.session.scalar(select(Outcome).where(Outcome.client_id == cid)),
        follow_ups=_all(
            select(FollowUp).where(FollowUp.client_id == cid).order_by(FollowUp.due_date)
        ),
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
    return with_job_search_files(file)


def with_job_search_files(file: ClientFile) -> ClientFile:
    """``file`` with its job-search entries' photos and PDFs (one statement)."""
    file.job_search_files = attachments_of(JOB_SEARCH, [j.id for j in file.job_search])
    return file
