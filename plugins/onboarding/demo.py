"""Demo content: an agreed onboarding model at the company with the most running placements,
followed by its trainees, some of them with steps done and some behind."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from plugins.onboarding import content as c
from plugins.onboarding import demo_languages
from plugins.onboarding.catalog import builtin_templates
from plugins.onboarding.models import (
    OnboardingModel,
    OnboardingProgress,
    OnboardingStepMark,
    OnboardingVersion,
)
from portal.api import Company, Placement, Role, User, clock, db


def load(today: date) -> None:
    running = (
        select(Placement.company_id, func.count().label("n"))
        .where(Placement.ended_on.is_(None), Placement.end_date >= today)
        .group_by(Placement.company_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    row = db.session.execute(running).first()
    if row is None:
        return
    company = db.session.get(Company, row.company_id)
    employer = db.session.scalar(
        select(User).where(User.company_id == company.id, User.role == Role.EMPLOYER)
    )
    coach = db.session.scalar(select(User).where(User.role == Role.COACH).order_by(User.id))
    template = next(t for t in builtin_templates() if t.key == "warehouse")
    model = OnboardingModel(
        company_id=company.id,
        title=f"Perehdytys: {company.name}",
        template_key=template.key,
        created_by_id=employer.id,
    )
    db.session.add(model)
    db.session.flush()
    first = c.from_template(template, "fi")
    second = c.from_template(template, "fi")
    second["steps"][0]["task_analysis"].append("Kerro, kenelle vaaratilanteesta ilmoitetaan")
    demo_languages.add_key_words(second)
    signed = clock.utcnow()
    db.session.add(
        OnboardingVersion(
            model_id=model.id,
            number=1,
            content=first,
            change="Luotu pohjasta",
            author_id=employer.id,
        )
    )
    agreed = OnboardingVersion(
        model_id=model.id,
        number=2,
        content=second,
        change="Vaihe muutettu: turvallisuuskierros",
        author_id=coach.id,
        coach_signed_by_id=coach.id,
        coach_signed_at=signed,
        employer_signed_by_id=employer.id,
        employer_signed_at=signed,
    )
    db.session.add(agreed)
    db.session.flush()
    placements = db.session.scalars(
        select(Placement)
        .where(
            Placement.company_id == company.id,
            Placement.ended_on.is_(None),
            Placement.end_date >= today,
        )
        .order_by(Placement.id)
    ).all()
    for index, placement in enumerate(placements):
        progress = OnboardingProgress(placement_id=placement.id, version_id=agreed.id)
        db.session.add(progress)
        db.session.flush()
        steps = c.sorted_steps(agreed.content)
        keep_up = len(steps) if index % 2 else 2  # every other trainee is behind
        for step in steps[:keep_up]:
            due = c.due_date(placement.start_date, step["week"])
            if due <= today:
                db.session.add(
                    OnboardingStepMark(
                        progress_id=progress.id,
                        step_key=step["key"],
                        done_on=min(due + timedelta(days=1), today),
                        marked_by_id=employer.id,
                    )
                )
    demo_languages.load(model, agreed, list(placements))
    db.session.commit()
