"""Demo pathways after Attitude Training: placements now, and the first group's ends.

Placements, a Check Point open now and one closed earlier, outcomes of every kind (one a
success early end: hired before the placement's planned end), referrals and follow-ups due
and done.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.app.extensions import db
from portal.demo.people import Demo, at
from portal.models import (
    Checkpoint,
    CheckpointAction,
    Client,
    Company,
    FollowUp,
    NetworkPartner,
    Outcome,
    PathwayState,
    Placement,
    Referral,
    User,
)
from portal.pathway.dates import add_months
from portal.pathway.transitions import FOLLOW_UPS_RECORDED, PLACEMENT_COMPLETED

S = PathwayState

TASKS = [
    "Keräily ja pakkaus, hyllytys, trukkikortin harjoittelu",
    "Esivalmistelu, salaattilinjasto, astiahuolto",
    "Porraskäytävien siivous, piha-alueiden hoito, jätehuolto",
]
OUTCOMES = [
    dict(kind="employed_coaching_company", company=0),
    dict(
        kind="employed_same_field",
        employer_name="Logistiikka Nieminen Oy",
        field="varasto ja logistiikka",
    ),
    dict(kind="employed_other_field", employer_name="Hoivakoti Kaisla", field="hoiva-ala"),
    dict(
        kind="study_place",
        school="Stadin ammatti- ja aikuisopisto",
        programme="Logistiikan perustutkinto",
        study_status="accepted",
    ),
    dict(kind="work_trial", employer_name="Kaupungin kierrätyskeskus"),
    dict(kind="referred", partner=2, details="Tuetun asumisen jono"),
    dict(kind="other", details="Varusmiespalvelus alkaa"),
    dict(kind="employed_coaching_company", company=1),
]
#: The first group's member whose placement ended early because the company hired them.
SUCCESS_EARLY_END = 0


def _placement(
    client: Client, company: Company, supervisor: User, start: date, weeks: int, task: str, **extra
) -> Placement:
    placement = Placement(
        client=client,
        company=company,
        supervisor=supervisor,
        start_date=start,
        end_date=start + timedelta(weeks=weeks),
        tasks=task,
        **extra,
    )
    db.session.add(placement)
    return placement


def coaching_now(
    d: Demo, members: list[Client], companies: list[Company], employers: list[User]
) -> None:
    for i, client in enumerate(members):
        company_index = 0 if i < 4 else 1 if i < 8 else 2
        group_start = client.groups[0].start_date
        start = group_start + timedelta(weeks=2)
        weeks = 4 if i == 3 else 10  # one placement ends within a week, with no next step
        placement = _placement(
            client,
            companies[company_index],
            employers[company_index * 2 + i % 2],
            start,
            weeks,
            TASKS[company_index],
            next_step="" if i == 3 else "Työnhaku alalle jatkuu",
        )
        d.history(
            client,
            [
                (S.INTAKE, group_start - timedelta(days=7)),
                (S.ATTITUDE_TRAINING, group_start),
                (S.WORKPLACE_COACHING, start),
            ],
            client.coach,
        )
        if i == 5:  # a supervisor's concern is being handled at an open Check Point
            checkpoint = Checkpoint(
                client=client,
                placement=placement,
                source="supervisor",
                opened_by_id=placement.supervisor.id,
                opened_at=at(d.days_ago(2)),
                difficulty="Myöhästellyt aamuisin kolmesti tällä viikolla.",
                next_meeting=d.today + timedelta(days=2),
            )
            db.session.add(checkpoint)
            db.session.add(
                CheckpointAction(
                    checkpoint=checkpoint,
                    owner="Valmentaja",
                    description="Soita aamuisin viikon ajan",
                    due_date=d.days_ago(1),
                )
            )
            d.history(
                client,
                [
                    (S.INTAKE, group_start - timedelta(days=7)),
                    (S.ATTITUDE_TRAINING, group_start),
                    (S.WORKPLACE_COACHING, start),
                    (S.CHECKPOINT, d.days_ago(2)),
                ],
                client.coach,
            )


def finished(
    d: Demo,
    members: list[Client],
    companies: list[Company],
    employers: list[User],
    partners: list[NetworkPartner],
) -> None:
    """The first group: placements over, outcomes of every kind, follow-ups due and done."""
    db.session.flush()  # outcomes refer to companies and partners by id
    for i, client in enumerate(members):
        group_start = client.groups[0].start_date
        start = group_start + timedelta(weeks=2)
        company_index = i % 3
        placement = _placement(
            client,
            companies[company_index],
            employers[company_index * 2],
            start,
            10,
            TASKS[company_index],
        )
        placement.ended_on = placement.end_date
        placement.end_reason = "Jakso päättyi suunnitellusti"
        reasons = {S.PATHWAY: PLACEMENT_COMPLETED}
        if i == SUCCESS_EARLY_END:  # hired by the company before the planned end
            placement.ended_on = placement.end_date - timedelta(weeks=3)
            placement.end_reason = "Yritys palkkasi kesken jakson"
            reasons = {S.PATHWAY: OUTCOMES[i]["kind"]}
        steps = [
            (S.INTAKE, group_start - timedelta(days=7)),
            (S.ATTITUDE_TRAINING, group_start),
            (S.WORKPLACE_COACHING, start),
        ]
        if i == 1:  # a Check Point during coaching, closed with intensified coaching
            db.session.add(
                Checkpoint(
                    client=client,
                    placement=placement,
                    source="coach",
                    opened_by_id=client.coach.id,
                    opened_at=at(start + timedelta(weeks=3)),
                    difficulty="Poissaoloja",
                    reassessment="Työelämätaidot 3/5",
                    decision="continue_intensified",
                    decision_notes="Tiiviimpi yhteydenpito",
                    closed_at=at(start + timedelta(weeks=4)),
                    closed_by_id=client.coach.id,
                )
            )
            steps += [
                (S.CHECKPOINT, start + timedelta(weeks=3)),
                (S.WORKPLACE_COACHING, start + timedelta(weeks=4)),
            ]
        steps.append((S.PATHWAY, placement.ended_on))
        if i >= len(OUTCOMES):  # still planning the next step
            d.history(client, steps, client.coach, reasons)
            continue
        spec = dict(OUTCOMES[i])
        on = placement.end_date + timedelta(days=7) - timedelta(weeks=4 if i == 7 else 0)
        if i == SUCCESS_EARLY_END:
            on = placement.ended_on
        if i == 7:
            on = add_months(d.today, -6) - timedelta(days=10)  # old enough to be closed
        outcome = Outcome(
            client=client,
            kind=spec.pop("kind"),
            on=on,
            company_id=companies[spec.pop("company")].id if "company" in spec else None,
            partner_id=partners[spec.pop("partner")].id if "partner" in spec else None,
            recorded_by_id=client.coach.id,
            **spec,
        )
        db.session.add(outcome)
        if outcome.kind == "referred":
            db.session.add(
                Referral(
                    client=client,
                    partner=partners[2],
                    direction="out",
                    on=on,
                    reason="Asumisen tuki ennen työelämää",
                    author_id=client.coach.id,
                )
            )
        steps.append((S.FOLLOW_UP, on))
        reasons[S.FOLLOW_UP] = outcome.kind
        done = 0
        for months in (3, 6):
            due = add_months(on, months)
            follow_up = FollowUp(client=client, months=months, due_date=due)
            if due <= d.today and (i % 2 == 0 or i == 7):
                follow_up.result = "employed" if "employed" in outcome.kind else "studying"
                follow_up.recorded_at = at(due)
                follow_up.recorded_by_id = client.coach.id
                done += 1
            db.session.add(follow_up)
        if done == 2:
            steps.append((S.CLOSED, add_months(on, 6)))
            reasons[S.CLOSED] = FOLLOW_UPS_RECORDED
        d.history(client, steps, client.coach, reasons)
