"""Demo content: assessments due on every placement; the demo trainee's start and midway
assessments answered by the supervisor and by herself, and a low safety score for another
trainee so the coach's worklist shows the risk signal."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from plugins.assessments import builtin, services
from plugins.assessments.models import Assessment
from portal.api import Client, Placement, User, db


def _answer(item: Assessment, values: tuple[int, ...], by: User | None, name: str) -> None:
    answers = {k: str(v) for k, v in zip(builtin.skills(), values, strict=True)}
    services.save(item, answers, final=True, by=by, respondent=name)


def load(today: date) -> None:
    placements = db.session.scalars(select(Placement).order_by(Placement.start_date)).all()
    for placement in placements:
        if placement.last_day < today:
            continue  # placements that ended before assessments were in use
        services.schedule(placement, ("placement_start", "midway", "placement_end"))
    db.session.flush()
    demo_client = db.session.scalar(select(Client).where(Client.user_id.is_not(None)))
    if demo_client is not None:
        services.schedule_intake(demo_client)
        db.session.flush()
        intake = db.session.scalar(
            select(Assessment).where(
                Assessment.client_id == demo_client.id, Assessment.occasion == "intake"
            )
        )
        _answer(intake, (3, 3, 3, 3, 2, 2, 3, 3), None, demo_client.first_name)
    running = [p for p in placements if p.ended_on is None and p.start_date <= today <= p.end_date]
    for placement in running:
        supervisor = (
            db.session.get(User, placement.supervisor_id) if placement.supervisor_id else None
        )
        items = {
            (a.form_key, a.occasion): a
            for a in db.session.scalars(
                select(Assessment).where(Assessment.placement_id == placement.id)
            )
        }
        skills = items.get(("working_life_skills", "placement_start"))
        own = items.get(("self_assessment", "placement_start"))
        if demo_client and placement.client_id == demo_client.id:
            if skills:
                _answer(
                    skills,
                    (3, 3, 3, 4, 2, 3, 3, 4),
                    supervisor,
                    supervisor.name if supervisor else "",
                )
            if own:
                _answer(own, (4, 3, 4, 4, 3, 2, 4, 4), None, demo_client.first_name)
            midway = items.get(("working_life_skills", "midway"))
            if midway:
                _answer(
                    midway,
                    (4, 4, 4, 4, 3, 3, 4, 4),
                    supervisor,
                    supervisor.name if supervisor else "",
                )
        elif skills and skills.client_id != (demo_client.id if demo_client else None):
            _answer(
                skills, (3, 2, 3, 3, 3, 3, 3, 3), supervisor, supervisor.name if supervisor else ""
            )
            break  # one low safety result is enough for the demo
    db.session.commit()
