"""Everything on a client's page, every kind of record and the people, companies and
partners they name, in one statement (:mod:`portal.pathway.lists`).

The client page reads from here, so the number of SQL statements does not
grow with the client's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, union_all
from sqlalchemy.orm.attributes import set_committed_value

from portal.app import clock
from portal.attachments.service import JOB_SEARCH, attachments_of
from portal.models import (
    Attachment,
    Attendance,
    Checkpoint,
    Client,
    Company,
    Consent,
    ContactNote,
    FollowUp,
    Group,
    GroupSession,
    JobSearchActivity,
    NetworkPartner,
    Outcome,
    Placement,
    PlacementInterruption,
    PriorLearning,
    Referral,
    StateTransition,
    User,
    group_members,
)
from portal.pathway.lists import Listing, checkpoints_and_job_searches, several


@dataclass
class ClientFile:
    client: Client
    #: The people the file names (coach, account, supervisors, authors), by id.
    people: dict[int, User] = field(default_factory=dict)
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


def _lists() -> list[Listing]:
    """The client file's lists, with the people, companies and partners they name, read
    together; :func:`load_client_file` wires the relations."""
    cid = bindparam("client_id")
    of_client = lambda column: select(column).where(column.table.c.client_id == cid)  # noqa: E731
    placements = of_client(Placement.id)
    people = union_all(
        select(Client.coach_id).where(Client.id == cid),
        select(Client.user_id).where(Client.id == cid),
        of_client(Placement.supervisor_id),
        of_client(StateTransition.actor_id),
        of_client(ContactNote.author_id),
    )
    return [
        Listing(Placement, Placement.client_id == cid, (Placement.start_date,)),
        Listing(
            PlacementInterruption,
            PlacementInterruption.placement_id.in_(placements),
            (PlacementInterruption.start_date,),
        ),
        Listing(Company, Company.id.in_(of_client(Placement.company_id)), (Company.id,)),
        Listing(User, User.id.in_(people), (User.id,)),
        Listing(StateTransition, StateTransition.client_id == cid, (StateTransition.at,)),
        Listing(PriorLearning, PriorLearning.client_id == cid, (PriorLearning.id,)),
        Listing(Consent, Consent.client_id == cid, (Consent.id,)),
        Listing(
            ContactNote,
            ContactNote.client_id == cid,
            (ContactNote.on.desc(), ContactNote.id.desc()),
        ),
        *checkpoints_and_job_searches(cid),
        Listing(
            Attachment,
            (Attachment.target_kind == JOB_SEARCH)
            & Attachment.target_id.in_(of_client(JobSearchActivity.id)),
            (Attachment.id,),
        ),
        Listing(Outcome, Outcome.client_id == cid, (Outcome.id,)),
        Listing(FollowUp, FollowUp.client_id == cid, (FollowUp.due_date,)),
        Listing(Referral, Referral.client_id == cid, (Referral.on.desc(),)),
        Listing(
            NetworkPartner,
            NetworkPartner.id.in_(of_client(Referral.partner_id)),
            (NetworkPartner.id,),
        ),
        Listing(
            Group,
            Group.id.in_(select(group_members.c.group_id).where(group_members.c.client_id == cid)),
            (Group.start_date,),
        ),
        Listing(Attendance, Attendance.client_id == cid, (Attendance.id,)),
        Listing(
            GroupSession,
            GroupSession.id.in_(of_client(Attendance.session_id)),
            (GroupSession.on,),
        ),
    ]


def load_client_file(client: Client) -> ClientFile:
    cid = client.id
    (
        placements,
        interruptions,
        companies,
        users,
        transitions,
        prior,
        consents,
        contacts,
        checkpoints,
        job_search,
        files,
        outcomes,
        follow_ups,
        referrals,
        partners,
        groups,
        attendance,
        sessions,
    ) = several("client_file", _lists, client_id=cid)
    people = {u.id: u for u in users}
    by_company = {c.id: c for c in companies}
    by_partner = {p.id: p for p in partners}
    breaks: dict[int, list[PlacementInterruption]] = {p.id: [] for p in placements}
    for interruption in interruptions:
        breaks[interruption.placement_id].append(interruption)
    for p in placements:
        set_committed_value(p, "company", by_company[p.company_id])
        set_committed_value(p, "supervisor", people.get(p.supervisor_id))
        set_committed_value(p, "interruptions", breaks[p.id])
    for t in transitions:
        set_committed_value(t, "actor", people.get(t.actor_id))
    for n in contacts:
        set_committed_value(n, "author", people.get(n.author_id))
    for r in referrals:
        set_committed_value(r, "partner", by_partner[r.partner_id])
    by_session = {session.id: session for session in sessions}
    job_search_files: dict[int, list[Attachment]] = {j.id: [] for j in job_search}
    for attachment in files:
        job_search_files[attachment.target_id].append(attachment)
    return ClientFile(
        client=client,
        people=people,
        groups=groups,
        placements=placements,
        transitions=transitions,
        prior_learning=prior,
        consents=consents,
        contacts=contacts,
        checkpoints=checkpoints,
        job_search=job_search,
        job_search_files=job_search_files,
        outcome=outcomes[0] if outcomes else None,
        follow_ups=follow_ups,
        referrals=referrals,
        attendance=sorted(
            ((by_session[a.session_id], a) for a in attendance), key=lambda pair: pair[0].on
        ),
    )


def with_job_search_files(file: ClientFile) -> ClientFile:
    """``file`` with its job-search entries' photos and PDFs (one statement)."""
    file.job_search_files = attachments_of(JOB_SEARCH, [j.id for j in file.job_search])
    return file
