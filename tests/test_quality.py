"""The data-quality check: every planted problem found, none in a clean copy; scope, links,
the CLI, paging, a fixed number of statements, deadlines and the reminders before them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Client,
    ClientSensitive,
    FollowUp,
    OutboxMessage,
    Outcome,
    PathwayState,
    Project,
    QualityReminder,
    User,
)
from portal.models.base import utcnow
from portal.models.esf import SENSITIVE_ANSWERS as SENSITIVE
from portal.reports import quality, reminders
from tests.conftest import count_queries
from tests.support.world import World

S = PathwayState


def _client(world: World, name: str, *, coach=None, **fields) -> Client:
    today = clock.today()
    values = {
        "birth_year": 2003,
        "entry_date": today - timedelta(days=300),
        "employment_status": "unemployed",
        "state": S.WORKPLACE_COACHING,
        "gender": "female",
        "isced_level": "isced_0_2",
        "esf_asked_at": utcnow(),
    } | fields
    client = Client(
        first_name=name,
        last_name="Testi",
        coach_id=(coach or world.coach).id,
        project_id=world.project.id,
        **values,
    )
    db.session.add(client)
    db.session.flush()
    _answered(client.id)
    return client


def _answered(client_id: int, **answers) -> None:
    """The sensitive ESF+ answers: each "no" (an answer) unless given."""
    db.session.add(
        ClientSensitive(client_id=client_id, **(dict.fromkeys(SENSITIVE, "no") | answers))
    )


def _left(client: Client, on: date, *, follow_ups: tuple = ()) -> None:
    """An outcome on ``on`` and the follow-ups (months, due, result, recorded) given."""
    client.state = S.FOLLOW_UP
    db.session.add(Outcome(client_id=client.id, kind="employed_same_field", on=on))
    for months, due, result, recorded in follow_ups:
        db.session.add(
            FollowUp(
                client_id=client.id,
                months=months,
                due_date=due,
                result=result,
                recorded_at=recorded,
            )
        )


def _world_answered(world: World) -> None:
    for own in (world.client, world.other_client):
        client = db.session.get(Client, own.id)
        client.employment_status = "unemployed"
        client.gender, client.isced_level, client.esf_asked_at = "male", "isced_3_4", utcnow()
        _answered(own.id)


def plant(world: World, *, clean: bool) -> dict[str, int]:
    """One participant per check, with the problem (or, ``clean``, without it): their ids."""
    today = clock.today()
    entry = today - timedelta(days=300)
    now = utcnow()
    _world_answered(world)
    ids = {}
    c = _client(world, "Kysymatta", esf_asked_at=utcnow() if clean else None)
    ids["esf_not_asked"] = c.id
    c = _client(world, "Status", employment_status="employed" if clean else "unknown")
    ids["status_not_asked"] = c.id
    c = _client(world, "Sukupuoli", gender="declined" if clean else "")
    ids["gender_not_asked"] = c.id
    c = _client(world, "Koulutus", isced_level="isced_3_4" if clean else "")
    ids["education_not_asked"] = c.id
    c = _client(world, "Arkaluonteinen")
    db.session.get(ClientSensitive, c.id).minority = "declined" if clean else ""
    ids["sensitive_not_asked"] = c.id
    c = _client(world, "Lahtenyt", state=S.CLOSED)
    if clean:
        _left(c, entry + timedelta(days=100))
    ids["outcome_missing"] = c.id
    c = _client(world, "Ennen")
    _left(c, entry + timedelta(days=10 if clean else -10))
    ids["exit_before_entry"] = c.id
    c = _client(world, "Kesken")
    _left(c, entry + timedelta(days=50))
    if not clean:
        c.state = S.WORKPLACE_COACHING
    ids["outcome_not_left"] = c.id
    c = _client(world, "Aikaisin")
    due = today - timedelta(days=10)
    recorded = now - timedelta(days=10 if clean else 40)
    _left(c, due - timedelta(days=91), follow_ups=((3, due, "employed", recorded),))
    ids["early_follow_up"] = c.id
    c = _client(
        world,
        "Vanha",
        entry_date=entry if clean else date(1990, 5, 1),
        birth_year=2003 if clean else 1972,
    )
    ids["entry_date_bad"] = c.id
    c = _client(world, "Tuleva")
    _left(c, entry + timedelta(days=60) if clean else today + timedelta(days=30))
    ids["exit_date_bad"] = c.id
    c = _client(world, "Nuori", birth_year=2003 if clean else entry.year - 10)
    ids["birth_year_bad"] = c.id
    c = _client(world, "Tyonhaku")
    _left(c, entry + timedelta(days=40))
    db.session.flush()
    db.session.scalar(select(Outcome).where(Outcome.client_id == c.id)).job_searching = (
        "no" if clean else "yes"
    )
    ids["employed_and_job_searching"] = c.id
    c = _client(world, "Parantunut", employment_status="employed" if clean else "unemployed")
    due = today - timedelta(days=3)
    _left(
        c,
        due - timedelta(days=182),
        follow_ups=((3, due - timedelta(days=91), "employed", now), (6, due, "employed", now)),
    )
    db.session.flush()
    six = db.session.scalar(
        select(FollowUp).where(FollowUp.client_id == c.id, FollowUp.months == 6)
    )
    six.improved_situation = "yes"
    ids["improved_not_employed"] = c.id
    c = _client(world, "Myohassa", coach=world.other_coach)
    due = today - (timedelta(days=-20) if clean else timedelta(days=5))
    _left(c, due - timedelta(days=91), follow_ups=((3, due, "", None),))
    ids["follow_up_overdue"] = c.id
    db.session.commit()
    return ids


@pytest.fixture
def planted(app, world):
    with app.app_context():
        return plant(world, clean=False)


def _found(scope=None) -> set[tuple[int, str]]:
    rows = quality.problem_rows(scope if scope is not None else select(Client.id), clock.today())
    return {(r.client_id, key) for r in rows for key in r.found}


def test_every_check_is_planted():
    assert {c.key for c in quality.CHECKS} == set(quality.CHECK_KEYS)
    assert len(quality.CHECK_KEYS) == 15


def test_the_check_finds_every_planted_problem_and_nothing_else(app, world):
    with app.app_context():
        ids = plant(world, clean=False)
        assert _found() == {(client_id, key) for key, client_id in ids.items()}
        summary = quality.summary(select(Client.id), clock.today())
    assert summary.participants == len(ids) + 2
    assert summary.with_problems == len(ids)
    assert summary.by_check == dict.fromkeys(quality.CHECK_KEYS, 1)


def test_a_clean_copy_has_no_problems(app, world):
    with app.app_context():
        plant(world, clean=True)
        assert _found() == set()
        summary = quality.summary(select(Client.id), clock.today())
    assert summary.with_problems == 0 and summary.participants == 17


def test_coach_sees_own_participants_admin_all_others_refused(planted, world, as_role):
    coach = as_role("coach").get("/reports/quality/")
    html = coach.get_data(as_text=True)
    assert coach.status_code == 200
    assert "Status Testi" in html and "Myohassa" not in html
    other = as_role("other_coach").get("/reports/quality/").get_data(as_text=True)
    assert "Myohassa Testi" in other and "Status Testi" not in other
    admin = as_role("admin").get("/reports/quality/").get_data(as_text=True)
    assert "Myohassa Testi" in admin and "Status Testi" in admin
    assert as_role("employer").get("/reports/quality/").status_code == 403
    assert as_role("client_user").get("/reports/quality/").status_code == 403


def test_admin_filters_by_coach_and_an_unknown_coach_is_404(planted, world, as_role):
    admin = as_role("admin")
    page = admin.get(f"/reports/quality/?coach={world.other_coach.id}").get_data(as_text=True)
    assert "Myohassa Testi" in page and "Status Testi" not in page
    assert admin.get("/reports/quality/?coach=999999").status_code == 404
    assert admin.get(f"/reports/quality/?coach={world.employer.id}").status_code == 404
    assert admin.get("/reports/quality/?coach=abc&after=x:y").status_code == 200
    # A page key a database integer cannot hold, or in digits isdigit() takes, starts over.
    for after in ("99999999999999999999:1", "²:1", "1:³", "-1:1", " 1 : 2 "):
        assert admin.get(f"/reports/quality/?after={after}").status_code == 200, after


def test_every_fix_link_opens_for_the_coach(planted, world, as_role):
    for role in ("coach", "other_coach", "admin"):
        browser = as_role(role)
        html = browser.get("/reports/quality/").get_data(as_text=True)
        links = quality_links(html)
        assert links
        for url in links:
            assert browser.get(url).status_code == 200, url


def quality_links(html: str) -> list[str]:
    import re

    return [
        u.replace("&amp;", "&")
        for u in re.findall(r'<li data-check="[a-z_]+">.*?<a href="([^"]+)"', html, re.S)
    ]


def test_the_cli_lists_problems_and_strict_fails(planted, app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reports", "quality"])
    assert result.exit_code == 0
    for key in quality.CHECK_KEYS:
        assert f"\t{key}\t" in result.output
    assert "17 participants checked, 15 with open problems." in result.output
    assert runner.invoke(args=["reports", "quality", "--strict"]).exit_code == 1
    mine = runner.invoke(args=["reports", "quality", "--coach", str(world.other_coach.id)])
    assert "2 participants checked, 1 with open problems." in mine.output
    assert runner.invoke(args=["reports", "quality", "--coach", "999999"]).exit_code != 0


def test_the_cli_strict_passes_on_clean_data(app, world):
    with app.app_context():
        plant(world, clean=True)
    result = app.test_cli_runner().invoke(args=["reports", "quality", "--strict"])
    assert result.exit_code == 0, result.output


def _many(app, world, n: int, start: int = 0) -> None:
    with app.app_context():
        for i in range(start, start + n):
            _client(world, f"Monta{i:03}", esf_asked_at=None)
        db.session.commit()


def test_the_page_runs_a_fixed_number_of_statements_and_pages_by_key(app, world, as_role):
    admin = as_role("admin")

    def statements(url="/reports/quality/"):
        with count_queries(app) as seen:
            assert admin.get(url).status_code == 200
        return len(seen)

    _many(app, world, 3)
    small = statements()
    _many(app, world, 60, start=3)
    assert statements() == small
    seen: set[str] = set()
    url = "/reports/quality/"
    pages = 0
    while url:
        html = admin.get(url).get_data(as_text=True)
        names = {n for n in html.split() if n.startswith("Monta")}
        assert not names & seen
        seen |= names
        pages += 1
        marker = 'rel="next" href="'
        url = html.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in html else ""
    assert len(seen) == 63 and pages == 3


def _deadlines(app, text: str, days: int = 14) -> None:
    with app.app_context():
        settings = db.session.scalar(select(Project).order_by(Project.id).limit(1))
        settings.period_start = date(2026, 1, 1)
        settings.period_end = date(2027, 12, 31)
        settings.reporting_deadlines = text
        settings.quality_remind_days = days
        db.session.commit()


def test_reminders_once_per_coach_and_deadline_in_their_language(planted, app, world):
    today = clock.today()
    _deadlines(app, f"{(today + timedelta(days=10)).isoformat()}\n2000-01-31")
    with app.app_context():
        db.session.get(User, world.other_coach.id).locale = "sv"
        db.session.commit()
    runner = app.test_cli_runner()
    assert "2 reminders sent." in runner.invoke(args=["reports", "remind-quality"]).output
    assert "0 reminders sent." in runner.invoke(args=["reports", "remind-quality"]).output
    with app.app_context():
        mail = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
        assert db.session.scalar(select(func.count(QualityReminder.id))) == 2
    assert (
        "14 " in mail[world.coach.email].body
        and "/reports/quality/" in mail[world.coach.email].body
    )
    assert "deltagare" in mail[world.other_coach.email].body


def test_no_reminders_outside_the_window_or_without_problems(app, world):
    today = clock.today()
    _deadlines(app, (today + timedelta(days=30)).isoformat(), days=14)
    with app.app_context():
        plant(world, clean=False)
        assert reminders.send_due(today) == 0
        assert reminders.send_due(today + timedelta(days=16)) == 2
        assert reminders.send_due(today + timedelta(days=31)) == 0
    with app.app_context():
        db.session.execute(QualityReminder.__table__.delete())
        db.session.commit()
        # Without the record of what was sent, the coaches would be reminded again.
        assert reminders.send_due(today + timedelta(days=20)) == 2
    with app.app_context():
        plant_fixed = select(Client.id).where(Client.coach_id == world.other_coach.id)
        for client_id in db.session.scalars(plant_fixed):
            for follow_up in db.session.scalars(
                select(FollowUp).where(FollowUp.client_id == client_id)
            ):
                follow_up.due_date = today + timedelta(days=60)
        db.session.execute(QualityReminder.__table__.delete())
        db.session.commit()
        # The other coach has no open problems left: only the first coach is reminded.
        assert reminders.send_due(today + timedelta(days=29)) == 1


def _settings_form(deadlines: str, days: str = "14") -> dict[str, str]:
    return {
        "name": "Polku",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "target_clients": "240",
        "target_immigrant_percent": "35",
        "target_positive_percent": "70",
        "reporting_deadlines": deadlines,
        "quality_remind_days": days,
    }


@pytest.mark.parametrize(
    ("deadlines", "days"),
    [
        ("2027-02-30", "14"),
        ('31.3.2027\n=HYPERLINK("x")', "14"),
        ("<script>alert(1)</script>", "14"),
        ("1990-03-31", "14"),
        ("2027-03-31", "0"),
        ("2027-03-31", "9999999999999"),
        ("2027-03-31\n" * 400, "14"),
    ],
)
def test_bad_deadlines_are_refused_and_change_nothing(app, world, as_role, deadlines, days):
    admin = as_role("admin")
    response = admin.post("/reports/settings", _settings_form(deadlines, days))
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    with app.app_context():
        project = db.session.get(Project, world.project.id)
        assert (project.reporting_deadlines, project.version) == ("", 1)


def test_deadlines_are_saved_sorted_and_once(app, world, as_role):
    admin = as_role("admin")
    response = admin.post(
        "/reports/settings", _settings_form("31.3.2027\n 2026-12-31 \n\n2027-03-31", "7")
    )
    assert response.status_code == 302
    with app.app_context():
        settings = db.session.scalar(select(Project))
        assert settings.deadlines() == [date(2026, 12, 31), date(2027, 3, 31)]
        assert settings.quality_remind_days == 7
