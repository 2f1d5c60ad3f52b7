"""Synthetic assessments for the benchmarks at scale (``portal_demo_scale``): every synthetic
workplace-coaching placement gets the supervisor's forms its occasions ask for, answered when
their day has passed (scores mostly 3-4, one in twelve low) and pending when it has not.
Synthetic young people have no account, so no self-assessments. Inserted in bulk."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select

from plugins.assessments import definitions, services
from plugins.assessments.models import Assessment, Status
from plugins.assessments.scores import Scores, says_what_to_learn_next, scores
from portal.api import Placement, db

CHUNK = 5000
#: The supervisor's answers that are not scores, by form and field kind.
WOULD_HIRE = ("yes", "yes", "maybe", "no")
LEARN_NEXT = ("Asiakaspalvelu", "Kassatyöt", "Trukkikortti", "Hygieniaosaaminen", "")


def _answers(content: dict[str, Any], rng: random.Random) -> dict[str, str]:
    low = rng.random() < 1 / 12
    answers: dict[str, str] = {}
    for spec in definitions.fields_of(content):
        kind, key = spec["kind"], spec["key"]
        if kind == "scale":
            answers[key] = str(rng.choice((1, 2, 2, 3)) if low else rng.choice((3, 3, 4, 4, 5)))
        elif key == "would_hire":
            answers[key] = rng.choice(WOULD_HIRE)
        elif kind == "yesno":
            answers[key] = rng.choice(("yes", "yes", "no"))
        elif key == "learn_next":
            answers[key] = rng.choice(LEARN_NEXT)
    return answers


def _rows(placements, forms, today: date, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for placement in placements:
        for definition_id, content in forms:
            for occasion in content["due"]:
                if occasion not in ("placement_start", "midway", "placement_end"):
                    continue
                # What ``services.due_date`` reads of a placement, from the row.
                dates = SimpleNamespace(
                    start_date=placement.start_date,
                    last_day=placement.ended_on or placement.end_date,
                )
                due = services.due_date(dates, occasion)
                row = {
                    "client_id": placement.client_id,
                    "placement_id": placement.id,
                    "definition_id": definition_id,
                    "form_key": content["key"],
                    "filled_by": content["filled_by"],
                    "occasion": occasion,
                    "due_on": due,
                    "status": Status.PENDING,
                    "answers": {},
                    "respondent": "",
                    "amend_reason": "",
                    "reminders_sent": 0,
                    **Scores().columns(),
                    "learn_next_company_id": None,
                    "version": 1,
                    "created_at": datetime.combine(placement.start_date, time(9), tzinfo=UTC),
                }
                if due < today:
                    answers = _answers(content, rng)
                    row |= scores(content, answers).columns() | {
                        "status": Status.SUBMITTED,
                        "answers": answers,
                        "submitted_at": datetime.combine(due, time(14), tzinfo=UTC),
                        "submitted_by_id": placement.supervisor_id,
                        "respondent": "Työpaikkaohjaaja",
                    }
                    if says_what_to_learn_next(Status.SUBMITTED, content["filled_by"], answers):
                        row["learn_next_company_id"] = placement.company_id
                rows.append(row)
    return rows


def add(client_ids, today: date, seed: int) -> int:
    """The assessments of the synthetic placements of ``client_ids``; how many were added."""
    rng = random.Random(seed)
    forms = [
        (definitions.stored(content).id, content)
        for content in definitions.available().values()
        if content["filled_by"] == "supervisor"
    ]
    placements = db.session.execute(
        select(
            Placement.id,
            Placement.client_id,
            Placement.company_id,
            Placement.start_date,
            Placement.end_date,
            Placement.ended_on,
            Placement.supervisor_id,
        )
        .where(
            Placement.client_id.in_(client_ids),
            Placement.kind == "workplace_coaching",
        )
        .order_by(Placement.id)
    ).all()
    rows = _rows(placements, forms, today, rng)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(Assessment), rows[start : start + CHUNK])
    return len(rows)
