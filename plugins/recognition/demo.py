"""Demo content: the hair-dressing and VALMA qualifications, and the recognition plan of a
trainee at the demo employer's company with one unit recognised and one demonstration to assess."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from plugins.recognition import catalog, demonstrations, queries, services
from plugins.recognition.models import RecognitionQualification, RecognitionUnit, UnitStatus
from portal.api import Client, Placement, Role, User, db

DATA = Path(__file__).parent / "data" / "eperusteet"


def load(today: date) -> None:
    names = ("rakenne-hiusalan-perustutkinto.json", "rakenne-valma.json")
    catalog.import_all((name, (DATA / name).read_bytes) for name in names)
    employer = db.session.scalar(select(User).where(User.role == Role.EMPLOYER).order_by(User.id))
    row = db.session.execute(
        select(Placement, Client)
        .join(Client, Client.id == Placement.client_id)
        .where(
            Placement.company_id == employer.company_id,
            Placement.ended_on.is_(None),
            Placement.start_date <= today,
            Placement.end_date >= today,
            Client.coach_id.is_not(None),
        )
        .order_by(Placement.start_date)
    ).first()
    if row is None:
        return
    placement, client = row
    coach = db.session.get(User, client.coach_id)
    hair = db.session.scalar(
        select(RecognitionQualification).where(
            RecognitionQualification.diary_number == "43/011/2014"
        )
    )
    plan = services.choose_qualification(client, hair.id, coach)
    units = {
        u.code: u
        for u in db.session.scalars(
            select(RecognitionUnit).where(
                RecognitionUnit.code.in_(("tutkinnonosat_101052", "tutkinnonosat_101040"))
            )
        )
    }
    services.add_units(plan, [u.id for u in units.values()], coach)
    rows = {u.code: pu for pu, u, _m in queries.plan_units(plan.id)}
    choices = services.evidence_choices(client, [])
    work = next(c for c in choices if c.ref == f"placement:{placement.id}")
    service = rows["tutkinnonosat_101052"]
    services.add_evidence(service, work, "Asiakaspalvelu ja kassatyö itsenäisesti.", coach)
    services.decide(
        service,
        UnitStatus.PARTIAL,
        5.0,
        today,
        "Asiakaspalvelu osoitettu työpaikalla; yrittäjyyden osuus puuttuu.",
        coach,
    )
    guidance = rows["tutkinnonosat_101040"]
    services.add_evidence(guidance, work, "Perehdyttää uuden kesätyöntekijän.", coach)
    demonstrations.plan(
        guidance,
        demonstrations.DemonstrationData(
            company_id=employer.company_id,
            start_date=max(placement.start_date, today - timedelta(days=2)),
            end_date=today + timedelta(days=5),
            tasks="Uuden työntekijän perehdytys kassalle\nPerehdytyksen suunnittelu",
            teacher_name=coach.name,
            employer_assessor_id=employer.id,
        ),
        coach,
    )
