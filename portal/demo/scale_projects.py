"""The synthetic data set's projects (``portal.demo.scale``): spread over the years, their
coaches and companies, and the young people who came back."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.app.extensions import db
from portal.models import Organisation, Project, project_coaches, project_companies

#: Projects the synthetic groups are spread over, and how often a young person who left
#: an earlier project is the same person as a later client (one in this many).
PROJECTS = 20
REENROL_EVERY = 10


def add_projects(start_day: date, days: int, today: date, now) -> list[int]:
    """``PROJECTS`` projects of the (first) organisation, one after another over the years,
    each about two years; returns their ids in order."""
    organisation = db.session.scalar(select(Organisation.id).order_by(Organisation.id).limit(1))
    rows = []
    for n in range(PROJECTS):
        start = start_day + timedelta(days=n * days // PROJECTS)
        rows.append(
            {
                "organisation_id": organisation,
                "name": f"Hanke {n + 1} (suuri aineisto)",
                "funder": "ESR+",
                "funding_code": f"S9{n:04}",
                "period_start": start,
                "period_end": max(start + timedelta(days=730), today),
                "target_clients": 240,
                "target_immigrant_percent": 35,
                "target_positive_percent": 70,
                "reporting_deadlines": "",
                "quality_remind_days": 14,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    db.session.execute(insert(Project), rows)
    return list(db.session.scalars(select(Project.id).order_by(Project.id.desc()).limit(PROJECTS)))[
        ::-1
    ]


def project_people(
    project_ids: list[int], groups: list[dict], group_coach: list[int], city_wide: int, companies
) -> None:
    """Each coach works in the projects of their groups, the city-wide coach in every one;
    every partner company works with every synthetic project."""
    pairs = {(g["project_id"], coach) for g, coach in zip(groups, group_coach, strict=True)}
    pairs |= {(project, city_wide) for project in project_ids}
    db.session.execute(
        insert(project_coaches), [{"project_id": p, "user_id": u} for p, u in sorted(pairs)]
    )
    db.session.execute(
        insert(project_companies),
        [{"project_id": p, "company_id": c} for p in project_ids for c in companies],
    )


def earlier_enrolment(n: int, count: int, first_id: int, stays, entry: date) -> int | None:
    """For every ``REENROL_EVERY``-th client of the later half: the client half the data set
    earlier, when they left before this one entered (the same person came back)."""
    if n % REENROL_EVERY != REENROL_EVERY - 1 or n < count // 2:
        return None
    earlier = first_id + n - count // 2
    left = stays[earlier][1]
    return earlier if left is not None and left < entry else None
