"""Demo pathways after Attitude Training: placements now, and the first group's ends.

Placements, a Check Point open now, one closed with an intensified plan in progress and one
closed earlier, a review held (waiting for the young person's confirmation) and one due,
outcomes of every kind (one a success early end: hired before the placement's planned end),
referrals and follow-ups due and done.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.app.extensions import db
from portal.demo.people import Demo, at
from portal.models import (
    Checkpoint,
    CheckpointAction,
    Client,
    CoachVisit,
    Company,
    FollowUp,
    IntensifiedPlan,
    NetworkPartner,
    Outcome,
    PathwayState,
    Placement,
    Referral,
    Review,
    ReviewAction,
    User,
)
from portal.pathway.dates import add_months
from portal.pathway.intensified import end_of, visit_days
from portal.pathway.transitions import FOLLOW_UPS_RECORDED, PLACEMENT_COMPLETED
from portal.worklist.sources import end_of_week

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
        steps = [
            (S.INTAKE, group_start - timedelta(days=7)),
            (S.ATTITUDE_TRAINING, group_start),
            (S.WORKPLACE_COACHING, start),
        ]
        if i == 0:  # the demo login: an intensified-coaching plan in progress
            steps += intensified_in_progress(d, client, placement)
        d.history(client, steps, client.coach)
        if i in (0, 1):
            _review(d, client, placement, held=i == 0)
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


def _review(d: Demo, client: Client, placement: Placement, *, held: bool) -> None:
    """A review held three days ago (the supervisor has confirmed it, the young person not
    yet), or one scheduled in three days."""
    if not held:
        db.session.add(
            Review(client=client, placement=placement, scheduled_on=d.today + timedelta(days=3))
        )
        return
    review = Review(
        client=client,
        placement=placement,
        scheduled_on=d.days_ago(3),
        held_on=d.days_ago(3),
        agenda="- Perehdytyksen vaiheet\n- Trukkikortin harjoittelu",
        notes="Keräily sujuu hyvin. Seuraavaksi harjoitellaan trukin ajoa ohjatusti.",
        supervisor_confirmed_at=at(d.days_ago(2)),
        supervisor_confirmed_by_id=placement.supervisor.id,
        supervisor_confirmed_name=placement.supervisor.name,
    )
    db.session.add(review)
    db.session.add_all(
        [
            ReviewAction(
                review=review,
                owner="coach",
                description="Varaa trukkikortin koulutus",
                due_date=d.today,
            ),
            ReviewAction(
                review=review,
                owner="client",
                description="Kysy työvuorot seuraavalle kuulle",
                due_date=d.today + timedelta(days=7),
            ),
        ]
    )


def intensified_in_progress(
    d: Demo, client: Client, placement: Placement
) -> list[tuple[str, date]]:
    """A Check Point closed two weeks ago with a plan of workplace visits, half way through:
    visits done and one missed, this week's due, and the plan's review ahead."""
    opened, closed = d.days_ago(16), d.days_ago(14)
    checkpoint = Checkpoint(
        client=client,
        placement=placement,
        source="coach",
        opened_by_id=client.coach.id,
        opened_at=at(opened),
        difficulty="Keskittyminen herpaantuu, virheitä keräilyssä.",
        reassessment="Ohjeiden noudattaminen 2/5, täsmällisyys 4/5.",
        decision="continue_intensified",
        decision_notes="Tarkistuslista keräilyyn; valmentaja mukana aamuvuorossa.",
        closed_at=at(closed),
        closed_by_id=client.coach.id,
    )
    plan = IntensifiedPlan(
        checkpoint=checkpoint,
        client=client,
        visits_per_week=2,
        weeks=4,
        check_ins_per_week=1,
        focus_skill="instructions",
        start_date=d.days_ago(13),
        end_date=end_of(d.days_ago(13), 4),
        scheduled_at=at(closed),
    )
    db.session.add_all([checkpoint, plan])
    db.session.add_all(
        [
            CheckpointAction(
                checkpoint=checkpoint,
                owner_kind="client",
                description="Käytä tarkistuslistaa jokaisessa keräilyssä",
                due_date=d.today + timedelta(days=7),
                carried_from=d.days_ago(15),
            ),
            CheckpointAction(
                checkpoint=checkpoint,
                owner_kind="coach",
                description="Sovi esimiehen kanssa palautehetki",
                due_date=d.days_ago(15),
                done_at=at(d.days_ago(15)),
            ),
        ]
    )
    days = visit_days(plan.start_date, plan.weeks, plan.visits_per_week)
    due_now = _visit_due_this_week(days, d.today, d.days_ago(2))
    for n, day in enumerate(days):
        visit = CoachVisit(plan=plan, client=client, due_date=day)
        if day < d.days_ago(2) and day != due_now:
            missed = n == 1
            visit.status = "missed" if missed else "done"
            visit.visited_on = None if missed else day
            visit.note = "" if missed else "Keräily sujui tarkistuslistalla."
            visit.missed_reason = "Asiakas sairaana." if missed else ""
            visit.recorded_by_id, visit.recorded_at = client.coach.id, at(day)
        db.session.add(visit)
    return [(S.CHECKPOINT, opened), (S.WORKPLACE_COACHING, closed)]


def _visit_due_this_week(days: list[date], today: date, recorded_before: date) -> date:
    """The visit left planned for the worklist's "due this week": the next one from
    ``recorded_before`` when it falls this week, else (late in the week, when the next is
    only next week) the last one up to today, overdue."""
    ahead = [day for day in days if day >= recorded_before]
    if ahead and ahead[0] <= end_of_week(today):
        return ahead[0]
    return max(day for day in days if day <= today)


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
