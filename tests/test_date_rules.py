"""Dates that make sense everywhere: every Date column of the domain, tried through its form.

The list of columns comes from the models, so a new date column fails
:func:`test_every_date_column_has_a_rule_or_a_reason` until it gets nonsense attempts here
or a reason in :data:`NEEDS_NO_FORM_RULE`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import Date, func, select, text
from sqlalchemy.orm import selectinload

from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import (
    Checkpoint,
    Client,
    FollowUp,
    Group,
    NetworkPartner,
    Outcome,
    PathwayState,
    PlacementInterruption,
)
from portal.pathway import date_rules
from portal.pathway.dates import add_months
from portal.reports.figures import Filters, compute

TODAY = clock.today()
IN_1990 = date(1990, 6, 1)
IN_1999 = date(1999, 5, 3)
NEXT_WEEK = TODAY + timedelta(days=7)
FAR_AHEAD = TODAY + timedelta(days=5 * 365)
BEFORE_ENTRY = TODAY - timedelta(days=120)  # the world's clients entered 90 days ago
LATER = TODAY + timedelta(days=70)  # after the world's placement
LATER_18_MONTHS = add_months(LATER, 18)

NO_CHOICES = {"company_id": "0", "partner_id": "0", "study_status": ""}

#: What the Finnish message of each rule says.
BEFORE_2000 = "ennen vuotta 2000"
IN_FUTURE = "tulevaisuudessa"
BEFORE_CLIENT = "ennen asiakkaan tuloa"
TOO_FAR = "yli kahden vuoden päässä"
END_FIRST = "ei voi olla ennen alkamispäivää"

#: Date columns no form writes, each with the reason it needs no rule of its own here.
NEEDS_NO_FORM_RULE = {
    "follow_ups.due_date": "computed as 3 and 6 months from the outcome date, which has rules; "
    "recording a follow-up is tested in test_follow_ups_in_order_and_not_long_before_due",
    "assessments.due_on": "computed by the assessments plugin from the placement's dates",
    "assessments.last_reminder_on": "set to today by the reminder job",
    "client_checks.checked_on": "the day the kept data-quality checks were written, by the code",
    "client_checks.valid_until": "computed from the participant's dates (test_quality_kept.py)",
    "figure_rows.checked_on": "the day a young person's kept shares were counted, by the code",
    "figure_rows.valid_until": "computed from the leaving date (test_figures_dated.py)",
    "worklist_marks.until": "a user's own snooze, not a record of the client: after today and "
    "within half a year (portal.worklist.marks.check_until, tested in test_worklist.py)",
    "onboarding_step_marks.done_on": "the onboarding plugin's own rule: within the placement "
    "and not in the future",
    "recognition_plan_units.decided_on": "the recognition plugin's own rule: not in the future",
    "recognition_demonstrations.start_date": "the recognition plugin's own rule: end not "
    "before start",
    "recognition_demonstrations.end_date": "the recognition plugin's own rule: end not "
    "before start",
    "recognition_demonstrations.assessed_on": "the recognition plugin's own rule: within the "
    "demonstration and not in the future",
    "recognition_evidence.on": "copied from the date of the evidence it points to",
    "recognition_qualifications.valid_from": "read from an ePerusteet file (voimassaoloAlkaa); "
    "no form writes it",
    "recognition_qualifications.valid_until": "read from an ePerusteet file (voimassaoloLoppuu); "
    "no form writes it",
    "recognition_qualifications.transition_ends": "read from an ePerusteet file "
    "(siirtymaPaattyy); no form writes it",
    "recognition_plans.hoks_approved_on": "the recognition plugin's own rule: not in the future "
    "(test_the_teacher_is_invited_sees_one_client_grades_and_confirms)",
    "recognition_plan_units.confirmed_on": "set to today when the education provider confirms",
    "recognition_demonstrations.cancelled_on": "set to today when the demonstration is cancelled",
    "checkpoint_actions.carried_from": "the action's earlier due date, copied when it is "
    "carried over; the new date must be after today (test_checkpoint_substance)",
    "reviews.cancelled_on": "set to today when the placement ends early "
    "(test_planned_after_placement)",
    "coach_visits.due_date": "computed from the intensified plan's weeks and visits per week",
    "coach_visits.visited_on": "intensified.record_visit: recorded once, not in the future "
    "(test_checkpoint_substance::test_the_whole_intensified_path)",
    "intensified_plans.start_date": "intensified.check_plan: from today up to 4 weeks ahead "
    "(test_checkpoint_substance::test_the_whole_intensified_path)",
    "intensified_plans.end_date": "computed from the start date and the number of weeks (1-12)",
    "intensified_plans.reviewed_through": "set to the plan's end when its review is recorded",
    "reviews.scheduled_on": "reviews.services.schedule: today or later, within the placement "
    "(test_reviews::test_refused_dates_store_nothing)",
    "reviews.held_on": "reviews.services.hold: not in the future, not before the placement "
    "(test_reviews::test_refused_dates_store_nothing)",
    "review_actions.due_date": "reviews.services.add_action: a valid due date "
    "(test_reviews::test_refused_dates_store_nothing)",
    "distance_rounds.opened_on": "set to today when the coach opens a self-assessment round",
    "quality_reminders.deadline": "copied from the project's reporting deadlines, which have "
    "their rules (test_quality: bad deadline input changes nothing)",
}


@dataclass(frozen=True)
class Attempt:
    """A form submission with a nonsense date that must be refused with ``message``."""

    role: str
    url: str
    data: dict
    bad: date
    message: str


@dataclass(frozen=True)
class Scene:
    client: int
    placement: int
    group: int
    checkpoint_client: int
    checkpoint: int
    pathway_client: int
    partner: int
    company: int
    coach: int


def _placement(scene: Scene, start: date, end: date, **extra) -> dict:
    return {
        "company_id": str(scene.company),
        "supervisor_id": "0",
        "kind": "workplace_coaching",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "part_time_percent": "100",
        **extra,
    }


def _group(scene: Scene, start: date, end: date) -> dict:
    return {
        "name": "Syksy",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "coach_ids": [str(scene.coach)],
        "exception_reason": "Pitkä ryhmä, perusteltu",
    }


def _new_client(entry: date) -> dict:
    return {
        "first_name": "Uusi",
        "last_name": "Asiakas",
        "birth_year": "2004",
        "entry_date": entry.isoformat(),
        "highest_education": "basic",
        "goal": "employment",
        "employment_status": "unemployed",
    }


def _settings(start: date, end: date) -> dict:
    return {
        "name": "Polku",
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "target_clients": "240",
        "target_immigrant_percent": "35",
        "target_positive_percent": "70",
        "version": "1",  # the world's project, as saved
    }


def _dated(field: str, day: date, **extra) -> dict:
    return {field: day.isoformat(), **extra}


def attempts(s: Scene) -> dict[str, list[Attempt]]:
    """Every date column and the nonsense tried on it through its form."""
    client = f"/clients/{s.client}"
    placement = f"{client}/placements/{s.placement}"
    checkpoint = f"/clients/{s.checkpoint_client}/checkpoints/{s.checkpoint}"
    contact = {"channel": "meeting", "summary": "Tapaaminen"}
    job = {"kind": "application", "organisation": "Varasto Oy", "result": "pending"}
    referral = {"partner_id": str(s.partner), "direction": "out", "reason": "Asuminen"}
    assessment = {"decision": "continue_intensified", "version": "1"}
    action = {"description": "Soitto", "owner": "Valmentaja"}
    session = {"topic": "working_life_skills", "title": "Pelisäännöt", "company_id": "0"}
    return {
        "clients.entry_date": [
            Attempt("coach", "/clients/new", _new_client(IN_1990), IN_1990, BEFORE_2000),
            Attempt("coach", "/clients/new", _new_client(NEXT_WEEK), NEXT_WEEK, IN_FUTURE),
        ],
        "placements.start_date": [
            Attempt(
                "coach",
                f"{client}/placements/new",
                _placement(s, IN_1999, IN_1999 + timedelta(days=60)),
                IN_1999,
                BEFORE_2000,
            ),
            Attempt(
                "coach",
                f"{client}/placements/new",
                _placement(s, BEFORE_ENTRY, BEFORE_ENTRY + timedelta(days=20)),
                BEFORE_ENTRY,
                BEFORE_CLIENT,
            ),
        ],
        "placements.end_date": [
            Attempt(
                "coach",
                f"{client}/placements/new",
                _placement(s, LATER, LATER_18_MONTHS, length_reason="Pitkä jakso sovittu"),
                LATER_18_MONTHS,
                "enintään 12 kuukautta",
            ),
            Attempt(
                "coach",
                f"{client}/placements/new",
                _placement(s, LATER, LATER + timedelta(days=5 * 365), length_reason="Sovittu"),
                LATER + timedelta(days=5 * 365),
                TOO_FAR,
            ),
            Attempt(
                "coach",
                f"{client}/placements/new",
                _placement(s, LATER, LATER - timedelta(days=9)),
                LATER - timedelta(days=9),
                END_FIRST,
            ),
        ],
        "placements.ended_on": [
            Attempt("coach", f"{placement}/end", _dated("on", IN_1990), IN_1990, BEFORE_2000),
            Attempt("coach", f"{placement}/end", _dated("on", NEXT_WEEK), NEXT_WEEK, IN_FUTURE),
        ],
        "placement_interruptions.start_date": [
            Attempt(
                "coach",
                f"{placement}/interruptions/new",
                {"start_date": IN_1990.isoformat(), "end_date": TODAY.isoformat()},
                IN_1990,
                BEFORE_2000,
            )
        ],
        "placement_interruptions.end_date": [
            Attempt(
                "coach",
                f"{placement}/interruptions/new",
                {"start_date": TODAY.isoformat(), "end_date": FAR_AHEAD.isoformat()},
                FAR_AHEAD,
                TOO_FAR,
            )
        ],
        "groups.start_date": [
            Attempt("coach", "/groups/new", _group(s, IN_1990, IN_1990), IN_1990, BEFORE_2000)
        ],
        "groups.end_date": [
            Attempt(
                "coach",
                "/groups/new",
                _group(s, TODAY, TODAY + timedelta(weeks=20)),
                TODAY + timedelta(weeks=20),
                "enintään 8 viikkoa",
            )
        ],
        "group_sessions.on": [
            Attempt(
                "coach",
                f"/groups/{s.group}/sessions/new",
                _dated("on", FAR_AHEAD, **session),
                FAR_AHEAD,
                TOO_FAR,
            )
        ],
        "contact_notes.on": [
            Attempt(
                "coach",
                f"{client}/contacts/new",
                _dated("on", NEXT_WEEK, **contact),
                NEXT_WEEK,
                IN_FUTURE,
            ),
            Attempt(
                "coach",
                f"{client}/contacts/new",
                _dated("on", BEFORE_ENTRY, **contact),
                BEFORE_ENTRY,
                BEFORE_CLIENT,
            ),
        ],
        "job_search_activities.on": [
            Attempt(
                "coach",
                f"{client}/job-search/new",
                _dated("on", NEXT_WEEK, **job),
                NEXT_WEEK,
                IN_FUTURE,
            ),
            Attempt(
                "client_user",
                "/my/job-search",
                _dated("on", BEFORE_ENTRY, **job),
                BEFORE_ENTRY,
                BEFORE_CLIENT,
            ),
        ],
        "referrals.on": [
            Attempt(
                "coach",
                f"{client}/referrals/new",
                _dated("on", IN_1990, **referral),
                IN_1990,
                BEFORE_2000,
            ),
            Attempt(
                "coach",
                f"{client}/referrals/new",
                _dated("on", NEXT_WEEK, **referral),
                NEXT_WEEK,
                IN_FUTURE,
            ),
        ],
        "outcomes.on": [
            Attempt(
                "coach",
                f"/clients/{s.pathway_client}/outcome",
                _dated("on", day, kind="other", details="Muu", **NO_CHOICES),
                day,
                message,
            )
            for day, message in [
                (IN_1990, BEFORE_2000),
                (NEXT_WEEK, IN_FUTURE),
                (BEFORE_ENTRY, BEFORE_CLIENT),
            ]
        ],
        "checkpoints.next_meeting": [
            Attempt("coach", checkpoint, _dated("next_meeting", day, **assessment), day, message)
            for day, message in [(FAR_AHEAD, TOO_FAR), (BEFORE_ENTRY, BEFORE_CLIENT)]
        ],
        "checkpoint_actions.due_date": [
            Attempt(
                "coach", f"{checkpoint}/actions", _dated("due_date", day, **action), day, message
            )
            for day, message in [(IN_1990, BEFORE_2000), (FAR_AHEAD, TOO_FAR)]
        ],
        "projects.period_start": [
            Attempt("admin", "/reports/settings", _settings(IN_1990, TODAY), IN_1990, BEFORE_2000)
        ],
        "projects.period_end": [
            Attempt(
                "admin",
                "/reports/settings",
                _settings(TODAY, TODAY - timedelta(days=1)),
                TODAY - timedelta(days=1),
                "ei voi päättyä ennen",
            )
        ],
    }


def _coach_client(app, world, state: str, name: str) -> int:
    with app.app_context():
        client = Client(
            project_id=world.project.id,
            first_name=name,
            last_name="Testinen",
            birth_year=2004,
            entry_date=TODAY - timedelta(days=90),
            coach_id=world.coach.id,
            state=state,
        )
        db.session.add(client)
        db.session.commit()
        return client.id


@pytest.fixture
def scene(app, world) -> Scene:
    checkpoint_client = _coach_client(app, world, PathwayState.CHECKPOINT, "Cecilia")
    pathway_client = _coach_client(app, world, PathwayState.PATHWAY, "Paavo")
    with app.app_context():
        checkpoint = Checkpoint(client_id=checkpoint_client, difficulty="Myöhästelyä")
        partner = NetworkPartner(name="Ohjaamo", kind="ohjaamo")
        db.session.add_all([checkpoint, partner])
        db.session.commit()
        return Scene(
            client=world.client.id,
            placement=world.placement.id,
            group=world.group.id,
            checkpoint_client=checkpoint_client,
            checkpoint=checkpoint.id,
            pathway_client=pathway_client,
            partner=partner.id,
            company=world.company.id,
            coach=world.coach.id,
        )


def _date_columns() -> set[str]:
    return {
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Date)
    }


def test_every_date_column_has_a_rule_or_a_reason(ctx):
    tried = set(attempts(Scene(*range(1, 10))))
    columns = _date_columns()
    assert columns - tried - set(NEEDS_NO_FORM_RULE) == set(), "date columns without a rule"
    assert tried & set(NEEDS_NO_FORM_RULE) == set()
    assert (tried | set(NEEDS_NO_FORM_RULE)) - columns == set(), "no such column"


def _stored(app, column: str, day: date) -> int:
    table, name = column.split(".")
    with app.app_context():
        column_ = db.metadata.tables[table].c[name]
        return db.session.scalar(select(func.count()).where(column_ == day))


def test_nonsense_dates_are_refused_with_a_message_through_every_form(app, as_role, scene):
    browsers: dict[str, object] = {}
    for column, tries in attempts(scene).items():
        for attempt in tries:
            browser = browsers.setdefault(attempt.role, as_role(attempt.role))
            response = browser.post(attempt.url, attempt.data, follow_redirects=True)
            page = response.get_data(as_text=True)
            where = f"{column} {attempt.bad} at {attempt.url}"
            assert response.status_code in (200, 400), where
            assert attempt.message in page, where
            assert _stored(app, column, attempt.bad) == 0, where


def test_the_same_forms_store_sensible_dates(app, as_role, scene):
    """The attempts above fail for their dates, not because the forms are broken."""
    coach = as_role("coach")
    client = f"/clients/{scene.client}"
    ok = [
        (f"{client}/contacts/new", {"on": TODAY.isoformat(), "channel": "meeting"}),
        (
            f"/clients/{scene.pathway_client}/outcome",
            {"on": TODAY.isoformat(), "kind": "other", "details": "Muu", **NO_CHOICES},
        ),
        (
            f"{client}/placements/{scene.placement}/interruptions/new",
            {"start_date": TODAY.isoformat(), "end_date": (TODAY + timedelta(days=2)).isoformat()},
        ),
    ]
    for url, data in ok:
        assert coach.post(url, data).status_code == 302, url
    with app.app_context():
        assert db.session.scalar(select(func.count(Outcome.id))) == 1
        assert db.session.scalar(select(func.count(PlacementInterruption.id))) == 1


def test_follow_ups_in_order_and_not_long_before_due(app, as_role, scene):
    """The 6-month result cannot come before the 3-month one, nor 22 days before it is due."""
    with app.app_context():
        client = db.session.get(Client, scene.pathway_client)
        client.state = PathwayState.FOLLOW_UP
        due3, due6 = TODAY + timedelta(days=5), TODAY + timedelta(days=22)
        three = FollowUp(client_id=client.id, months=3, due_date=due3)
        six = FollowUp(client_id=client.id, months=6, due_date=due6)
        db.session.add_all([three, six])
        db.session.commit()
        three_id, six_id = three.id, six.id
    coach = as_role("coach")
    url = f"/clients/{scene.pathway_client}/follow-ups"
    early = coach.post(f"{url}/{six_id}", {"result": "employed"}, follow_redirects=True)
    assert early.status_code in (200, 400) and "Kirjaa ensin 3 kuukauden seuranta" in (
        early.get_data(as_text=True)
    )
    assert coach.post(f"{url}/{three_id}", {"result": "employed"}).status_code == 302
    too_soon = coach.post(f"{url}/{six_id}", {"result": "employed"}, follow_redirects=True)
    assert "Sen voi kirjata" in too_soon.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(FollowUp, six_id).result == ""
        assert db.session.get(Client, scene.pathway_client).state == PathwayState.FOLLOW_UP


def test_a_group_cannot_be_left_or_started_without_members(app, as_role, world):
    coach = as_role("coach")
    emptied = coach.post(
        f"/groups/{world.group.id}/members",
        {
            "client_ids": [],
            "version": "1",
            "exception_reason": "Kaikki lähtivät",
            "confirmed": "yes",
        },
    )
    assert emptied.status_code == 200 and "vähintään yksi jäsen" in emptied.get_data(as_text=True)
    created = coach.post("/groups/new", _group_of(world))
    group_url = created.headers["Location"]
    session = coach.post(
        f"{group_url}/sessions/new",
        {"on": TODAY.isoformat(), "topic": "other", "title": "Aloitus", "company_id": "0"},
    )
    assert session.status_code == 400 and "vähintään yksi jäsen" in session.get_data(as_text=True)
    with app.app_context():
        group = db.session.scalars(
            select(Group).where(Group.id == world.group.id).options(selectinload(Group.members))
        ).one()
        assert [m.id for m in group.members] == [world.client.id]


def _group_of(world) -> dict:
    return {
        "name": "Tyhjä",
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=9)).isoformat(),
        "coach_ids": [str(world.coach.id)],
    }


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (lambda: date_rules.placement_within_limit(date(2026, 1, 1), date(2026, 12, 31)), None),
        (lambda: date_rules.placement_within_limit(date(2026, 1, 1), date(2027, 1, 1)), "12"),
        (lambda: date_rules.group_within_limit(date(2026, 1, 1), date(2026, 2, 25)), None),
        (lambda: date_rules.group_within_limit(date(2026, 1, 1), date(2026, 2, 26)), "8"),
        (lambda: date_rules.sensible(date(2000, 1, 1), "on", date(2026, 1, 1)), None),
        (lambda: date_rules.sensible(date(2028, 1, 2), "on", date(2026, 1, 1)), "2028"),
        (lambda: date_rules.follow_up_open(date(2026, 3, 15), date(2026, 3, 1)), None),
        (lambda: date_rules.follow_up_open(date(2026, 3, 16), date(2026, 3, 1)), "2026"),
    ],
)
def test_the_bounds_are_exact(ctx, check: Callable[[], None], message: str | None):
    with ctx.test_request_context():
        if message is None:
            check()
            return
        with pytest.raises(RuleError) as refused:
            check()
        assert message in str(refused.value.message)


def test_check_dates_lists_stored_rows_that_break_the_rules(app, world):
    runner = app.test_cli_runner()
    clean = runner.invoke(args=["check-dates"])
    assert clean.exit_code == 0, clean.output
    with app.app_context():
        client = db.session.get(Client, world.client.id)
        outcome = Outcome(client_id=client.id, kind="other", on=IN_1990, details="Vanha")
        db.session.add(outcome)
        db.session.flush()
        first = FollowUp(client_id=client.id, months=3, due_date=TODAY + timedelta(days=60))
        second = FollowUp(
            client_id=client.id,
            months=6,
            due_date=TODAY + timedelta(days=150),
            result="employed",
            recorded_at=clock.utcnow(),
        )
        db.session.add_all([first, second])
        db.session.execute(text("UPDATE groups SET end_date = :end"), {"end": IN_1999})
        db.session.commit()
        expected = {
            f"outcomes {outcome.id}:",
            f"follow_ups {second.id}:",
            f"groups {world.group.id}:",
            f"groups {world.other_group.id}:",
        }
    result = runner.invoke(args=["check-dates"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    found = {" ".join(line.split()[:2]) for line in lines[:-1]}
    assert found == expected
    assert lines[-1].startswith("4 ")


def test_a_client_s_entry_cannot_be_before_they_turn_15(ctx):
    with ctx.test_request_context(), pytest.raises(RuleError) as refused:
        date_rules.entry_date(2004, date(2018, 12, 31), TODAY)
    assert refused.value.field == "entry_date"
    with ctx.test_request_context():
        date_rules.entry_date(2004, date(2019, 1, 1), TODAY)


def test_the_average_time_to_outcome_ignores_outcomes_dated_before_the_entry(ctx, world):
    other = db.session.get(Client, world.other_client.id)
    client = db.session.get(Client, world.client.id)
    db.session.add_all(
        [
            Outcome(client_id=client.id, kind="other", on=IN_1990, details="Vanha"),
            Outcome(client_id=other.id, kind="other", on=other.entry_date + timedelta(days=30)),
        ]
    )
    # An average is shown only when at least five have left (and the count is shown).
    for i in range(4):
        more = Client(
            first_name=f"M{i}",
            last_name="Muu",
            birth_year=2000,
            entry_date=other.entry_date,
            project_id=world.project.id,
        )
        db.session.add(more)
        db.session.flush()
        db.session.add(
            Outcome(client_id=more.id, kind="other", on=other.entry_date + timedelta(days=30))
        )
    db.session.commit()
    figures = compute(select(Client.id), Filters(start=TODAY - timedelta(days=365), end=TODAY))
    assert figures.days_to_outcome == 30.0
