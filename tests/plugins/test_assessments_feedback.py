"""The partner companies' feedback page reads, from the figures kept as the assessments are
written, what the supervisors answered: the same figures as adding up every assessment in
Python (kept here as the oracle), on varied answers, forms, form versions, statuses, changes
and scopes; hostile texts are written as text."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from plugins.assessments import definitions, feedback
from plugins.assessments.models import Assessment, AssessmentDefinition
from portal.access.scoping import visible_clients
from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Placement, Role, User

TODAY = clock.today()
TEXTS = ("Asiakaspalvelu", "", "=SUM(A1:A9)", "<script>alert(1)</script>", "Trukki & kassa")


def _in_python(client_ids) -> list[tuple]:
    """The page's figures as the portal first counted them: every assessment loaded."""
    rows = db.session.execute(
        select(Assessment, Placement.company_id)
        .join(Placement, Placement.id == Assessment.placement_id)
        .where(
            Assessment.client_id.in_(client_ids),
            Assessment.status == "submitted",
            Assessment.filled_by == "supervisor",
        )
        .options(joinedload(Assessment.definition))
        .order_by(Assessment.id)
    ).all()
    per: dict[int, list] = {}
    scores: dict[int, list[int]] = defaultdict(list)
    for item, company_id in rows:
        entry = per.setdefault(company_id, [company_id, 0, 0, 0, []])
        for spec in definitions.fields_of(item.definition.content):
            value = item.answers.get(spec["key"])
            if spec["kind"] == "scale" and spec.get("skill") and value is not None:
                scores[company_id].append(int(value))
        if "would_hire" in item.answers:
            entry[1] += 1
            entry[2] += item.answers["would_hire"] == "yes"
            entry[3] += item.answers.get("more_trainees") == "yes"
            if item.answers.get("learn_next"):
                entry[4].append(item.answers["learn_next"])
    out = []
    for company_id, (_id, answers, hire, more, texts) in per.items():
        values = scores[company_id]
        average = round(sum(values) / len(values), 1) if values else None
        out.append((company_id, answers, hire, more, average, texts[-3:][::-1]))
    return sorted(out)


def _on_page(viewer: User) -> list[tuple]:
    return sorted(
        (r.company_id, r.answers, r.would_hire, r.more_trainees, r.average, r.learn_next)
        for r in feedback.company_feedback(db.session.get(User, viewer.id))
    )


def _plant(world, rng: random.Random) -> None:
    forms = {c["key"]: c for c in definitions.available().values()}
    stored = {key: definitions.stored(content) for key, content in forms.items()}
    # An older version of the skills form that asked fewer skills, with answers still given to it.
    older = dict(forms["working_life_skills"])
    older["sections"] = [
        {**section, "fields": section["fields"][:3]} for section in older["sections"][:1]
    ]
    old_version = db.session.scalar(
        select(AssessmentDefinition).where(AssessmentDefinition.digest == "older")
    ) or AssessmentDefinition(key="working_life_skills", number=0, digest="older", content=older)
    db.session.add(old_version)
    db.session.flush()
    versions = [*stored.values(), old_version]
    clients = [world.client.id, world.other_client.id]
    placements = []
    for client_id in clients:
        for company in (world.company, world.other_company):
            placement = Placement(
                client_id=client_id,
                company_id=company.id,
                kind="workplace_coaching",
                start_date=TODAY - timedelta(days=60),
                end_date=TODAY - timedelta(days=5),
                tasks="Keräily",
            )
            db.session.add(placement)
            placements.append(placement)
    db.session.flush()
    for n in range(120):
        placement = rng.choice(placements)
        definition = rng.choice(versions)
        answers = {}
        for spec in definitions.fields_of(definition.content):
            if rng.random() < 0.15:
                continue  # left unanswered
            if spec["kind"] == "scale":
                answers[spec["key"]] = str(rng.randint(1, 5))
            elif spec["kind"] in ("choice", "yesno"):
                answers[spec["key"]] = rng.choice(("yes", "no", "maybe"))
            else:
                answers[spec["key"]] = rng.choice(TEXTS)
        db.session.add(
            Assessment(
                client_id=placement.client_id,
                placement_id=placement.id,
                definition_id=definition.id,
                form_key=definition.key,
                filled_by=rng.choice(("supervisor", "supervisor", "supervisor", "client")),
                occasion="placement_end",
                due_on=TODAY - timedelta(days=n % 30),
                status=rng.choice(("submitted", "submitted", "submitted", "pending", "amended")),
                answers=answers,
            )
        )
    db.session.commit()


def _change_some(rng: random.Random) -> None:
    """Later writes through the models: answers changed, an assessment submitted, one
    deleted, one moved to the other placement of its young person."""
    found = db.session.scalars(select(Assessment).order_by(Assessment.id)).all()
    for item in rng.sample(found, 12):
        choice = rng.randrange(4)
        if choice == 0:
            item.answers = {**item.answers, "would_hire": "yes", "learn_next": "Kassa"}
        elif choice == 1:
            item.status = "submitted"
        elif choice == 2:
            db.session.delete(item)
        else:
            other = db.session.scalars(
                select(Placement.id).where(
                    Placement.client_id == item.client_id, Placement.id != item.placement_id
                )
            ).first()
            item.placement_id = other or item.placement_id
    db.session.commit()


def test_the_kept_figures_are_those_counted_one_by_one(app, world):
    with app.app_context():
        coach = db.session.get(User, world.coach.id)
        mine = visible_clients(coach).with_only_columns(Client.id)
        for seed in range(3):
            _plant(world, random.Random(seed))
            if seed:
                _change_some(random.Random(seed))
            assert _on_page(world.admin) == _in_python(select(Client.id)), seed
            assert _on_page(world.coach) == _in_python(mine), seed
            assert _on_page(world.coach) != _on_page(world.admin)  # the scope narrows them
        # A placement moved to the other company takes its answers and its texts with it.
        moved = db.session.scalars(
            select(Placement)
            .join(Assessment, Assessment.placement_id == Placement.id)
            .where(
                Placement.company_id == world.company.id,
                Assessment.learn_next_company_id.is_not(None),
            )
            .order_by(Assessment.id.desc())
        ).first()
        moved.company_id = world.other_company.id
        db.session.commit()
        said = select(Assessment.learn_next_company_id).where(
            Assessment.placement_id == moved.id, Assessment.learn_next_company_id.is_not(None)
        )
        assert set(db.session.scalars(said)) == {world.other_company.id}
        assert _on_page(world.admin) == _in_python(select(Client.id))
        newcomer = User(email="new@example.fi", name="Uusi", role=Role.COACH, password_hash="x")
        db.session.add(newcomer)
        db.session.commit()
        assert _on_page(newcomer) == []


def test_the_page_writes_the_supervisors_texts_as_text(app, world, as_role):
    with app.app_context():
        _plant(world, random.Random(7))
    html = as_role("admin").get("/p/assessments/companies").get_data(as_text=True)
    assert world.company.name in html and world.other_company.name in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "Asiakaspalvelu" in html
