"""Deterministic, realistic Finnish demo data: every phase of the pathway is represented.

Dates are relative to the day the data is loaded, so the worklist always has something due.
The people and partners, the group work and the pathways are built by their own modules.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.app import clock
from portal.app.extensions import db
from portal.auth.passwords import hash_password
from portal.demo import groupwork, pathways, people, projects
from portal.demo.people import Demo
from portal.models import (
    Consent,
    ContactNote,
    Group,
    JobSearchActivity,
    PathwayState,
    Role,
)

DEMO_PASSWORD = "polku-demo-2026"
S = PathwayState


def load_demo_data(today: date | None = None) -> dict[str, int]:
    """Add the demo set; returns what was added. The caller checks the database is empty."""
    d = Demo(today or clock.today(), hash_password(DEMO_PASSWORD))
    d.account("admin@polku.test", "Hanna Projektipäällikkö", Role.ADMIN)
    # Sees nothing until a coach invites them to a young person's recognition.
    d.account("teacher@polku.test", "Outi Opettaja", Role.TEACHER)
    coaches = [
        d.account("coach@polku.test", "Kaisa Valmentaja", Role.COACH),
        d.account("coach2@polku.test", "Olli Ohjaaja", Role.COACH),
    ]
    companies = people.companies()
    running, finished = projects.projects(d, "Helsingin kaupunki")
    running.coaches.extend(coaches)
    running.companies.extend(companies)
    manager = d.account("manager@polku.test", "Pia Projektivastaava", Role.PROJECT_MANAGER)
    manager.project_id = running.id
    employers = [d.account(e, n, Role.EMPLOYER, companies[i]) for e, n, i in people.EMPLOYERS]
    partners = people.partners()

    # Three groups: finished long ago (now in the further pathway and follow-up), in workplace
    # coaching now, and in Attitude Training this week.
    starts = [d.days_ago(7 * 36), d.days_ago(7 * 6), d.days_ago(3)]
    teams = [[coaches[1], coaches[0]], [coaches[0]], [coaches[0], coaches[1]]]
    groups = [
        Group(
            project=running,
            name=f"Polku-ryhmä {n}/{start.year}",
            start_date=start,
            end_date=start + timedelta(days=11),
            coaches=team,
        )
        for n, (start, team) in enumerate(zip(starts, teams, strict=True), start=1)
    ]
    db.session.add_all(groups)

    clients = []
    for index in range(30):
        group = groups[[1, 0, 2][index % 3]]  # the first client (demo login) is in coaching now
        client = d.person(index, group.coaches[0], running)
        group.members.append(client)
        clients.append(client)
    waiting = [d.person(30 + i, coaches[i % 2], running) for i in range(4)]  # not in a group yet

    members = [[c for c in clients if group in c.groups] for group in groups]
    groupwork.sessions(d, groups[2], members[2])
    pathways.coaching_now(d, members[1], companies, employers)
    pathways.finished(d, members[0], companies, employers, partners)
    for i, client in enumerate(waiting):
        d.history(client, [(S.INTAKE, d.days_ago(5))] if i % 2 else [], client.coach)

    quiet = members[1][2]  # nobody has seen them in weeks
    for client in clients + waiting:
        if client.state in (S.ATTITUDE_TRAINING, S.WORKPLACE_COACHING, S.CHECKPOINT, S.PATHWAY):
            days = 20 if client is quiet else d.rng.randint(1, 9)
            db.session.add(
                ContactNote(
                    client=client,
                    on=d.days_ago(days),
                    channel="meeting",
                    summary="Kuulumiset ja seuraavat askeleet",
                    author_id=client.coach.id,
                )
            )

    first = clients[0]  # the demo client signs in and agreed to share her intake summary
    first.email = "client@polku.test"
    first.user = d.account("client@polku.test", first.full_name, Role.CLIENT)
    db.session.add(Consent(client=first, scope="intake_summary", recorded_by_id=coaches[1].id))
    db.session.add(
        JobSearchActivity(
            client=first,
            on=d.days_ago(4),
            kind="application",
            organisation="Logistiikka Nieminen Oy",
            position="Varastotyöntekijä",
            result="pending",
        )
    )
    earlier = projects.finished_project(d, finished, running, projects.former_coach(d), companies)
    db.session.commit()
    return {
        "users": 13,
        "companies": len(companies),
        "groups": len(groups),
        "clients": len(clients) + len(waiting) + earlier,
        "projects": 2,
        "partners": len(partners),
    }
