"""Demo content: the hair-dressing and VALMA qualifications, and the recognition story of a
trainee at the demo employer's company: evidence from the placement, a demonstration graded by
the employer and the teacher, a unit recognised and confirmed by the education provider, a
partial recognition waiting for confirmation, and a demonstration still to assess."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from plugins.recognition import catalog, demonstrations, provider, queries, scales, services
from plugins.recognition.models import RecognitionQualification, RecognitionUnit, UnitStatus
from portal.api import Client, Placement, Role, User, db

DATA = Path(__file__).parent / "data" / "eperusteet"
SCHOOL = provider.SchoolDetails(
    learner_oid="1.2.246.562.24.10000000008",
    study_right_oid="1.2.246.562.15.10000000009",
    school_oid="1.2.246.562.10.10000000005",
    hoks_approved_on=None,
)


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
    codes = ("tutkinnonosat_101052", "tutkinnonosat_101040", "tutkinnonosat_101050")
    units = {
        u.code: u
        for u in db.session.scalars(select(RecognitionUnit).where(RecognitionUnit.code.in_(codes)))
    }
    services.add_units(plan, [u.id for u in units.values()], coach)
    rows = {u.code: pu for pu, u, _m in queries.plan_units(plan.id)}
    teacher = provider.invite(client, "teacher@polku.test", "Outi Opettaja", coach)
    provider.save_school_details(
        plan, provider.SchoolDetails(**{**vars(SCHOOL), "hoks_approved_on": today}), teacher
    )
    db.session.commit()
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

    business = rows["tutkinnonosat_101050"]
    services.add_evidence(business, work, "Tilaa tuotteita ja seuraa myyntiä.", coach)
    start = max(placement.start_date, today - timedelta(days=6))
    demo = demonstrations.plan(
        business,
        demonstrations.DemonstrationData(
            company_id=employer.company_id,
            start_date=start,
            end_date=max(start, today - timedelta(days=2)),
            tasks="Tuotetilaus ja myynnin seuranta\nKampanjan suunnittelu",
            teacher_name="",
            employer_assessor_id=employer.id,
            teacher_id=teacher.id,
            individual_criteria="Myynnin seuranta esitetään kuvin ja lyhyin tekstein.",
        ),
        coach,
    )
    targets = queries.targets(business.unit_id)
    levels = scales.levels(units["tutkinnonosat_101050"].scale)
    good = levels[2][0] if len(levels) > 2 else levels[-1][0]
    for assessor, comment in (
        (employer, "Teki tilaukset huolellisesti ja seurasi myyntiä."),
        (teacher, "Yhdyn työpaikkaohjaajan arvioon."),
    ):
        demonstrations.grade(
            demo,
            targets,
            demonstrations.GradeData(
                grades={t.id: good for t in targets},
                overall=good,
                assessed_on=demo.end_date,
                decided_by=["1", "3"],
                discussion=["1", "3", "5"],
                comment=comment,
            ),
            assessor,
        )
    services.decide(
        business,
        UnitStatus.RECOGNISED,
        None,
        today,
        "Näyttö arvioitu hyväksytysti työpaikalla opettajan ja työpaikkaohjaajan kanssa.",
        coach,
    )
    provider.confirm(business, "Tunnustetaan.", teacher)
    db.session.commit()
