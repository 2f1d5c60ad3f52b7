"""Demo Attitude Training: this week's sessions of the newest group, with attendance."""

from __future__ import annotations

from datetime import timedelta

from portal.app.extensions import db
from portal.demo.people import Demo
from portal.models import Attendance, Client, Group, GroupSession, PathwayState

S = PathwayState


def sessions(d: Demo, group: Group, members: list[Client]) -> None:
    """Attitude Training this week, with attendance; one member missed two sessions."""
    topics = [
        ("working_life_skills", "Työelämän pelisäännöt"),
        ("company_visit", "Vierailu: Varastopolku Oy"),
        ("working_life_skills", "Työturvallisuus"),
    ]
    for day, (topic, title) in enumerate(topics):
        session = GroupSession(
            group=group, on=group.start_date + timedelta(days=day), topic=topic, title=title
        )
        db.session.add(session)
        for i, member in enumerate(members):
            status = (
                "absent"
                if i == 1 and day > 0
                else ("excused" if i == 2 and day == 1 else "present")
            )
            db.session.add(Attendance(session=session, client=member, status=status))
    for member in members:
        d.history(
            member,
            [
                (S.INTAKE, group.start_date - timedelta(days=7)),
                (S.ATTITUDE_TRAINING, group.start_date),
            ],
            member.coach,
        )
