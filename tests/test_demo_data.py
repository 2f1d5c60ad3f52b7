from sqlalchemy import func, select

from portal.app import clock
from portal.app.config import ProductionConfig
from portal.app.extensions import db
from portal.demo.data import DEMO_PASSWORD
from portal.models import (
    Checkpoint,
    Client,
    ClientSensitive,
    Company,
    FollowUp,
    Group,
    Outcome,
    OutcomeKind,
    PathwayState,
    Project,
    User,
    project_coaches,
)
from tests.conftest import Browser

DEMO_ACCOUNTS = {
    "admin@polku.test": "Hankkeen yleiskuva",
    "coach@polku.test": "Ryhmäni",
    "coach2@polku.test": "Ryhmäni",
    "employer@polku.test": "Harjoittelijamme",
    "employer2@polku.test": "Harjoittelijamme",
    "client@polku.test": "Suunnitelmani",
    "teacher@polku.test": "Hei, Outi Opettaja",
    "manager@polku.test": "Polku",
    "coach3@polku.test": "Ryhmäni",
}


def test_demo_data_loads_once_and_every_demo_account_lands_on_its_start_page(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "employer2@polku.test" in result.output
    again = runner.invoke(args=["demo-data"])
    assert "already has users" in again.output
    with app.app_context():
        # the demo accounts, a coach of the finished project, a project manager and two
        # trainees who read Ukrainian and Arabic
        assert db.session.scalar(select(func.count(User.id))) == 15
        assert db.session.scalar(select(func.count(Company.id))) == 3
        assert db.session.scalar(select(func.count(Group.id))) == 3
        assert db.session.scalar(select(func.count(Client.id))) == 39
        immigrants = db.session.scalar(
            select(func.count()).where(
                ClientSensitive.immigrant_background.is_(True), ClientSensitive.finnish_level != ""
            )
        )
        assert immigrants == 13  # 11 in the running project, 2 in the finished one
        assert set(db.session.scalars(select(Client.state).distinct())) == {
            s.value for s in PathwayState
        }
        assert set(db.session.scalars(select(Outcome.kind).distinct())) == {
            k.value for k in OutcomeKind
        }
        assert set(
            db.session.execute(select(Checkpoint.closed_at.is_(None)).distinct()).scalars()
        ) == {True, False}
        assert set(db.session.execute(select(FollowUp.result == "").distinct()).scalars()) == {
            True,
            False,
        }
        assert db.session.scalar(select(func.count()).where(ClientSensitive.support_needs != ""))
    for email, heading in DEMO_ACCOUNTS.items():
        browser = Browser(app.test_client())
        assert browser.login(email, DEMO_PASSWORD).status_code == 302, email
        html = browser.get("/").get_data(as_text=True)
        assert heading in html, email
    for email, step in (
        ("nuori.uk@polku.test", "Обхід з безпеки"),
        ("nuori.ar@polku.test", "جولة السلامة"),
    ):  # the demo model's first steps are written in their languages
        reader = Browser(app.test_client())
        assert reader.login(email, DEMO_PASSWORD).status_code == 302, email
        assert step in reader.get("/my/more/onboarding").get_data(as_text=True), email
    employer = Browser(app.test_client())
    employer.login("employer@polku.test", DEMO_PASSWORD)
    assert "Aino" in employer.get("/").get_data(as_text=True)
    coach = Browser(app.test_client())
    coach.login("coach@polku.test", DEMO_PASSWORD)
    worklist = coach.get("/worklist").get_data(as_text=True)
    # the demo has people with an open Check Point, a follow-up due and a risk signal
    for kind in ("checkpoint", "follow_up", "no_contact"):
        assert f'<li class="item-{kind}">' in worklist, kind
    assert "Riskimerkit" in worklist  # the kind filter


def test_demo_data_refuses_production(make_app):
    app = make_app(CONFIG_CLASS=ProductionConfig, SECRET_KEY="x7Gq2v9LmP0aR4sT8wY1zB5cD3eF6hJ9kN2")
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code != 0 and "never loaded in production" in result.output


def test_create_user_command(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "uusi@example.fi",
            "--name",
            "Uusi",
            "--role",
            "employer",
            "--company",
            "2914650-5",
        ]
    )
    assert result.exit_code == 0, result.output
    # The outbox masks the link, so the command prints it for whoever installs the portal.
    assert "Invitation link: http" in result.output and "/invitation/" in result.output
    assert (
        runner.invoke(
            args=["create-user", "--email", "uusi@example.fi", "--name", "U", "--role", "coach"]
        ).exit_code
        != 0
    )
    missing = runner.invoke(
        args=[
            "create-user",
            "--email",
            "b@example.fi",
            "--name",
            "B",
            "--role",
            "employer",
            "--company",
            "0000000-0",
        ]
    )
    assert missing.exit_code != 0


def test_the_demo_plan_has_a_visit_on_the_worklist_whatever_the_weekday():
    """The demo's intensified plan leaves one visit planned and due by this week's Sunday,
    on every day of the week (a Saturday once left none: the next was next week)."""
    from datetime import date, timedelta

    from portal.demo.pathways import _visit_due_this_week
    from portal.pathway.intensified import end_of, visit_days
    from portal.worklist.sources import end_of_week

    for offset in range(7):
        today = date(2026, 11, 30) + timedelta(days=offset)
        start = today - timedelta(days=13)
        days = visit_days(start, 4, 2)
        assert end_of(start, 4) > today
        due = _visit_due_this_week(days, today, today - timedelta(days=2))
        assert due in days and due <= end_of_week(today), today


def test_the_demo_has_a_finished_project_and_a_young_person_who_came_back(app):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    with app.app_context():
        today = clock.today()
        running, finished = db.session.scalars(select(Project).order_by(Project.id)).all()
        assert running.period_end > today > finished.period_end
        assert finished.period_end.year == today.year - 1
        again = db.session.scalars(
            select(Client).where(Client.previous_enrolment_id.is_not(None))
        ).one()
        earlier = db.session.get(Client, again.previous_enrolment_id)
        assert (earlier.project_id, again.project_id) == (finished.id, running.id)
        assert earlier.person_id == again.person_id
        assert earlier.state == PathwayState.CLOSED
        assert db.session.scalar(select(Outcome.on).where(Outcome.client_id == earlier.id))
        assert again.entry_date > finished.period_end
        # every other enrolment is a person of its own
        people = db.session.scalar(select(func.count(Client.person_id.distinct())))
        assert people == db.session.scalar(select(func.count(Client.id))) - 1
        finished_coaches = db.session.scalars(
            select(project_coaches.c.user_id).where(project_coaches.c.project_id == finished.id)
        ).all()
        assert len(finished_coaches) == 1
    coach = Browser(app.test_client())
    coach.login("coach@polku.test", DEMO_PASSWORD)
    assert coach.get(f"/clients/{earlier.id}").status_code == 404  # another project's
    assert coach.get(f"/clients/{again.id}").status_code == 200
