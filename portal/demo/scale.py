"""A large, realistic synthetic data set for scale tests: ``flask demo-data --clients N``.

Shaped like a city installation after some years: groups of about 12 over ``YEARS`` years, each
with a coach; coaches with caseloads of a few hundred, and the first demo coach with
``CITY_WIDE_SHARE`` of everyone (the city-wide view: a page's worst case); partner companies
with trainees now; contact notes and Check Points in proportion; records dated when they
happened. The groups belong to twenty projects of the organisation, one after another, and some
young people come back in a later project (``portal.demo.scale_projects``). Bulk INSERTs, no ORM
objects; the plugins add their own rows through ``portal_demo_scale``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from portal.app import clock
from portal.app.extensions import db
from portal.demo import scale_projects
from portal.demo.bulk import advance_id_sequence, refresh_statistics
from portal.hooks.manager import fire
from portal.models import (
    Checkpoint,
    Client,
    ClientSearchTerm,
    ClientSensitive,
    Company,
    ContactNote,
    FollowUp,
    Group,
    Outcome,
    Person,
    Placement,
    Role,
    User,
    group_coaches,
    group_members,
)
from portal.models.search import search_rows
from portal.pathway.dates import add_months
from portal.reports import kept
from portal.reports.cache import bump

CHUNK = 10_000
#: Years the synthetic groups are spread over.
YEARS = 5
#: Clients per synthetic coach (a caseload of a few hundred).
CASELOAD = 300
#: Share of the groups the first demo coach leads: tens of thousands at 100,000 clients.
CITY_WIDE_SHARE = 0.2
#: Contact notes per client (0 to this many), and the share with a Check Point.
MAX_CONTACTS = 6
CHECKPOINT_SHARE = 0.1
CHANNELS = ["meeting", "meeting", "phone", "message"]
FIRST = [
    "Aino",
    "Eetu",
    "Veeti",
    "Emma",
    "Onni",
    "Amina",
    "Dmitri",
    "Fatima",
    "Yusuf",
    "Olena",
    "Lotta",
    "Niko",
    "Sara",
    "Ahmad",
    "Hoa",
    "Iida",
    "Elias",
    "Maryam",
    "Ali",
    "Venla",
]
LAST = [
    "Virtanen",
    "Korhonen",
    "Hassan",
    "Volkov",
    "Mäkinen",
    "Nieminen",
    "Demir",
    "Tran",
    "Laine",
    "Kovalenko",
    "Heikkinen",
    "Rahimi",
    "Koskinen",
    "Mohamed",
    "Salminen",
]
STATES = ["referred", "intake", "attitude_training", "workplace_coaching", "checkpoint", "pathway"]
KINDS = (
    ["employed_coaching_company"] * 25
    + ["employed_same_field"] * 15
    + ["employed_other_field"] * 10
    + ["study_place"] * 25
    + ["work_trial"] * 8
    + ["referred"] * 10
    + ["other"] * 7
)
RESULTS = (
    ["employed"] * 45
    + ["studying"] * 25
    + ["unemployed"] * 15
    + ["back_in_services"] * 8
    + ["not_reached"] * 7
)


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def add_coaches(count: int, now) -> list[int]:
    """Add ``count`` synthetic coaches (no password: they never sign in) and return their ids."""
    if not count:
        return []
    first = db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) or 0
    rows = [
        {
            "email": f"valmentaja{first + n}@scale.polku.test",
            "name": f"Valmentaja {first + n}",
            "role": Role.COACH,
            "active": True,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(insert(User), rows)
    return list(
        db.session.scalars(
            select(User.id).where(User.email.like("%@scale.polku.test")).order_by(User.id)
        )
    )[-count:]


def _group_coach(n: int, city_wide: int, coaches: list[int]) -> int:
    """Every fifth group is the city-wide coach's; the others go round the caseload coaches."""
    step = round(1 / CITY_WIDE_SHARE)
    if not coaches or n % step == 0:
        return city_wide
    return coaches[(n - n // step - 1) % len(coaches)]  # the n-th group that is not theirs


def _employers_by_company() -> dict[int, int]:
    rows = db.session.execute(
        select(User.company_id, User.id).where(User.role == Role.EMPLOYER).order_by(User.id)
    )
    return {company: user for company, user in rows if company is not None}


def add_clients(count: int, today: date | None = None, seed: int = 7) -> int:
    """Add ``count`` clients in groups over the last ``YEARS`` years, with their coaches,
    placements, contacts, Check Points, outcomes and follow-ups."""
    today = today or clock.today()
    rng = random.Random(seed)
    demo_coaches = list(
        db.session.scalars(select(User.id).where(User.role == Role.COACH).order_by(User.id))
    )
    companies = list(db.session.scalars(select(Company.id)))
    if not demo_coaches or not companies:
        raise ValueError("load the ordinary demo data first")
    supervisors = _employers_by_company()
    first_id = (db.session.scalar(select(Client.id).order_by(Client.id.desc()).limit(1)) or 0) + 1
    now = clock.utcnow()
    coaches = add_coaches(count // CASELOAD, now)
    group_count = max(count // 12, 1)
    days = 365 * YEARS
    start_day = today - timedelta(days=days)
    project_ids = scale_projects.add_projects(start_day, days, today, now)
    group_coach = [_group_coach(n, demo_coaches[0], coaches) for n in range(group_count)]
    groups = []
    for n in range(group_count):
        start = start_day + timedelta(days=n * days // group_count)
        created = datetime.combine(start, time(9), tzinfo=UTC)
        groups.append(
            {
                "project_id": project_ids[n * scale_projects.PROJECTS // group_count],
                "name": f"Ryhmä {n + 1} (suuri aineisto)",
                "start_date": start,
                "end_date": start + timedelta(days=11),
                "exception_reason": "",
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
    db.session.execute(insert(Group), groups)
    group_ids = list(
        db.session.scalars(select(Group.id).order_by(Group.id.desc()).limit(group_count))
    )[::-1]
    scale_projects.project_people(project_ids, groups, group_coach, demo_coaches[0], companies)
    rows: dict[Any, list[dict[str, Any]]] = {
        table: []
        for table in (
            Person,
            Client,
            ClientSensitive,
            group_members,
            Placement,
            ContactNote,
            Checkpoint,
            Outcome,
            FollowUp,
        )
    }
    rows[group_coaches] = [
        {"group_id": gid, "user_id": coach}
        for gid, coach in zip(group_ids, group_coach, strict=True)
    ]
    first_person = (db.session.scalar(select(func.max(Person.id))) or 0) + 1
    stays: dict[int, tuple[int, date | None]] = {}  # client id: (person, left or None)
    for n in range(count):
        group_index = n * group_count // count
        cid, coach = first_id + n, group_coach[group_index]
        project = groups[group_index]["project_id"]
        entry = groups[group_index]["start_date"] - timedelta(days=rng.randint(3, 20))
        left = entry + timedelta(days=rng.randint(60, 200))
        state = "follow_up" if left < today else rng.choice(STATES)
        rows[group_members].append({"group_id": group_ids[group_index], "client_id": cid})
        earlier = scale_projects.earlier_enrolment(n, count, first_id, stays, entry)
        person = stays[earlier][0] if earlier else first_person + n
        if not earlier:
            rows[Person].append({"id": person, "created_at": now})
        stays[cid] = (person, left if state == "follow_up" else None)
        _client(rows, rng, cid, coach, entry, state, now)
        rows[Client][-1].update(project_id=project, person_id=person, previous_enrolment_id=earlier)
        _pathway(rows, rng, cid, coach, (entry, left, state), companies, supervisors, today)
        if state == "follow_up":
            _outcome(rows, rng, cid, left, today, companies)
    rows[ClientSearchTerm] = [
        term for client in rows[Client] for term in search_rows(client["id"], client)
    ]
    for table, table_rows in rows.items():
        for chunk in _chunks(iter(table_rows)):
            db.session.execute(insert(table), chunk)
    advance_id_sequence(Client.__table__)  # the clients went in with explicit ids
    advance_id_sequence(Person.__table__)
    db.session.commit()
    added = select(Client.id).where(Client.id >= first_id)
    fire("portal_demo_scale", client_ids=added, today=today, seed=seed)
    refresh_statistics()  # before the checks: a plan without statistics probes rows by scans
    kept.refresh(added)  # the data-quality checks and the dashboard's figures
    db.session.commit()
    bump()
    return count


def _client(rows, rng, cid: int, coach: int, entry: date, state: str, now) -> None:
    created = datetime.combine(entry, time(10), tzinfo=UTC)
    rows[Client].append(
        {
            "id": cid,
            "first_name": rng.choice(FIRST),
            "last_name": rng.choice(LAST),
            "email": "",
            "phone": "",
            "birth_year": entry.year - rng.randint(16, 29),
            "municipality": "Helsinki",
            "referral_source": "Ohjaamo",
            "highest_education": rng.choice(["none", "basic", "basic", "vocational", "foreign"]),
            "has_vocational_qualification": False,
            "goal": "unclear",
            "preferred_fields": "",
            "work_history": "",
            "state": state,
            "coach_id": coach,
            "entry_date": entry,
            "version": 1,
            "created_at": created,
            "updated_at": max(created, now) if state != "follow_up" else created,
            "employment_status": rng.choice(
                ["unemployed", "unemployed", "long_term_unemployed", "inactive"]
            ),
        }
    )
    rows[ClientSensitive].append(
        {
            "client_id": cid,
            "immigrant_background": rng.random() < 0.35,
            "native_language": "",
            "finnish_level": "",
            "learning_difficulties": "",
            "support_needs": "",
        }
    )


def _pathway(rows, rng, cid, coach, stay, companies, supervisors, today) -> None:
    """A placement (running now in workplace coaching), contacts and maybe a Check Point."""
    entry, left, state = stay
    if state == "workplace_coaching":
        start = today - timedelta(days=rng.randint(0, 50))
        end = today + timedelta(days=rng.randint(20, 60))
    elif state in ("follow_up", "checkpoint", "pathway"):
        start = entry + timedelta(days=rng.randint(14, 30))
        end = min(start + timedelta(days=rng.randint(30, 90)), left)
    else:
        start = end = None
    if start is not None and end is not None and end > start:
        company = rng.choice(companies)
        rows[Placement].append(
            {
                "client_id": cid,
                "company_id": company,
                "supervisor_id": supervisors.get(company),
                "kind": "workplace_coaching",
                "start_date": start,
                "end_date": end,
                "tasks": "Varastotyöt ja asiakaspalvelu",
                "part_time_percent": 100,
                "length_reason": "",
                "next_step": "",
                "end_reason": "",
                "ended_on": end if end < today else None,
                "version": 1,
            }
        )
    until = min(left, today)
    span = max((until - entry).days, 1)
    for _ in range(rng.randint(0, MAX_CONTACTS)):
        rows[ContactNote].append(
            {
                "client_id": cid,
                "on": entry + timedelta(days=rng.randint(0, span)),
                "channel": rng.choice(CHANNELS),
                "summary": "Tapaaminen: tilanne ja seuraavat askeleet.",
                "author_id": coach,
            }
        )
    if state == "checkpoint" or rng.random() < CHECKPOINT_SHARE:
        opened = entry + timedelta(days=rng.randint(0, span))
        closed = state != "checkpoint"
        rows[Checkpoint].append(
            {
                "client_id": cid,
                "source": "coach",
                "signal": "",
                "opened_by_id": coach,
                "opened_at": datetime.combine(opened, time(12), tzinfo=UTC),
                "difficulty": "Poissaoloja työpaikalla.",
                "reassessment": "",
                "no_reassessment_reason": "",
                "decision": "continue_intensified" if closed else "",
                "decision_notes": "",
                "closed_at": datetime.combine(opened + timedelta(days=14), time(12), tzinfo=UTC)
                if closed
                else None,
                "closed_by_id": coach if closed else None,
                "version": 1,
            }
        )


def _outcome(rows, rng, cid, left, today, companies) -> None:
    kind = rng.choice(KINDS)
    rows[Outcome].append(
        {
            "client_id": cid,
            "kind": kind,
            "on": left,
            "employer_name": "",
            "field": "",
            "school": "",
            "programme": "",
            "details": "",
            "study_status": rng.choice(["applied", "accepted", "started"])
            if kind == "study_place"
            else "",
            "company_id": rng.choice(companies) if kind == "employed_coaching_company" else None,
            "partner_id": None,
            "recorded_at": datetime.combine(left, time(14), tzinfo=UTC),
        }
    )
    for months in (3, 6):
        due = add_months(left, months)
        rows[FollowUp].append(
            {
                "client_id": cid,
                "months": months,
                "due_date": due,
                "result": rng.choice(RESULTS) if due < today else "",
                "notes": "",
            }
        )
