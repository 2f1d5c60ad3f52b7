"""A large, realistic synthetic data set for scale tests: ``flask demo-data --clients N``.

Rows go in with bulk INSERTs (no ORM objects), 100,000 clients in well under a minute.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select

from portal.app import clock
from portal.app.extensions import db
from portal.demo.bulk import advance_id_sequence, refresh_statistics
from portal.models import (
    Client,
    ClientSearchTerm,
    ClientSensitive,
    Company,
    FollowUp,
    Group,
    Outcome,
    Role,
    User,
    group_members,
)
from portal.models.search import search_rows
from portal.pathway.dates import add_months
from portal.reports.cache import bump

CHUNK = 10_000
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


def add_clients(count: int, today: date | None = None, seed: int = 7) -> int:
    """Add ``count`` clients over the last two years with outcomes and follow-ups."""
    today = today or clock.today()
    rng = random.Random(seed)
    coaches = list(db.session.scalars(select(User.id).where(User.role == Role.COACH)))
    companies = list(db.session.scalars(select(Company.id)))
    if not coaches or not companies:
        raise ValueError("load the ordinary demo data first")
    first_id = (db.session.scalar(select(Client.id).order_by(Client.id.desc()).limit(1)) or 0) + 1
    now = clock.utcnow()
    group_count = max(count // 12, 1)
    start_day = today - timedelta(days=730)
    groups = [
        {
            "name": f"Ryhmä {n + 1} (suuri aineisto)",
            "start_date": start_day + timedelta(days=n * 730 // group_count),
            "end_date": start_day + timedelta(days=n * 730 // group_count + 11),
            "exception_reason": "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(group_count)
    ]
    db.session.execute(insert(Group), groups)
    group_ids = list(
        db.session.scalars(select(Group.id).order_by(Group.id.desc()).limit(group_count))
    )[::-1]
    clients, sensitive, outcomes, follow_ups, members = [], [], [], [], []
    for n in range(count):
        cid = first_id + n
        group_index = n * group_count // count
        entry = groups[group_index]["start_date"] - timedelta(days=rng.randint(3, 20))
        left = entry + timedelta(days=rng.randint(60, 200))
        state = "follow_up" if left < today else rng.choice(STATES)
        clients.append(
            {
                "id": cid,
                "first_name": rng.choice(FIRST),
                "last_name": rng.choice(LAST),
                "email": "",
                "phone": "",
                "birth_year": entry.year - rng.randint(16, 29),
                "municipality": "Helsinki",
                "referral_source": "Ohjaamo",
                "highest_education": rng.choice(
                    ["none", "basic", "basic", "vocational", "foreign"]
                ),
                "has_vocational_qualification": False,
                "goal": "unclear",
                "preferred_fields": "",
                "work_history": "",
                "state": state,
                "coach_id": rng.choice(coaches),
                "entry_date": entry,
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "employment_status": rng.choice(
                    ["unemployed", "unemployed", "long_term_unemployed", "inactive"]
                ),
            }
        )
        sensitive.append(
            {
                "client_id": cid,
                "immigrant_background": rng.random() < 0.35,
                "native_language": "",
                "finnish_level": "",
                "learning_difficulties": "",
                "support_needs": "",
            }
        )
        members.append({"group_id": group_ids[group_index], "client_id": cid})
        if state == "follow_up":
            kind = rng.choice(KINDS)
            outcomes.append(
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
                    "company_id": rng.choice(companies)
                    if kind == "employed_coaching_company"
                    else None,
                    "partner_id": None,
                    "recorded_at": now,
                }
            )
            for months in (3, 6):
                due = add_months(left, months)
                follow_ups.append(
                    {
                        "client_id": cid,
                        "months": months,
                        "due_date": due,
                        "result": rng.choice(RESULTS) if due < today else "",
                        "notes": "",
                    }
                )
    terms = [row for client in clients for row in search_rows(client["id"], client)]
    for table, rows in (
        (Client, clients),
        (ClientSearchTerm, terms),
        (ClientSensitive, sensitive),
        (group_members, members),
        (Outcome, outcomes),
        (FollowUp, follow_ups),
    ):
        for chunk in _chunks(iter(rows)):
            db.session.execute(insert(table), chunk)
    advance_id_sequence(Client.__table__)  # the clients went in with explicit ids
    db.session.commit()
    refresh_statistics()
    db.session.commit()
    bump()
    return count
