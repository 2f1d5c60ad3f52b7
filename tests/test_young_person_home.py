"""The young person's home: tasks from the core and the plugins, progress, whom to call, and a
fixed number of statements; the baseline self-assessment; the supervisor's language guide."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from plugins.assessments.models import Assessment
from plugins.onboarding.models import OnboardingProgress, OnboardingStepMark
from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    AuditEvent,
    Client,
    ClientSensitive,
    Consent,
    ConsentScope,
    JobSearchActivity,
    Review,
    User,
)
from portal.trainees.language_guide import BASIC, BEGINNER, FLUENT, INTERMEDIATE, band_of
from tests.conftest import count_queries
from tests.plugins.test_assessments import skills
from tests.plugins.test_onboarding import create_model, sign_off

TODAY = clock.today()


def _agreed_model(world, as_role) -> None:
    """The company's onboarding model, signed by both: attached to the running placement."""
    coach, employer = as_role("coach"), as_role("employer")
    sign_off(create_model(coach, world.company.id), coach, employer)


def _progress_id(app, world) -> int:
    with app.app_context():
        return db.session.scalar(
            select(OnboardingProgress.id).where(
                OnboardingProgress.placement_id == world.placement.id
            )
        )


def _held_review(app, world) -> int:
    with app.app_context():
        review = Review(
            client_id=world.client.id,
            placement_id=world.placement.id,
            scheduled_on=TODAY - timedelta(days=2),
            held_on=TODAY - timedelta(days=2),
            notes="Keräily sujuu.",
        )
        db.session.add(review)
        db.session.commit()
        return review.id


def _application(app, world, organisation="Kauppa Oy") -> int:
    with app.app_context():
        entry = JobSearchActivity(
            client_id=world.client.id, on=TODAY - timedelta(days=3), organisation=organisation
        )
        db.session.add(entry)
        db.session.commit()
        return entry.id


def test_hook_portal_client_tasks(app, world, as_role):
    _agreed_model(world, as_role)
    review_id = _held_review(app, world)
    entry_id = _application(app, world)
    young = as_role("client_user")
    home = young.get("/").get_data(as_text=True)
    tasks = home[home.index('id="tasks"') : home.index('id="progress-h"')]
    # Today's step, a self-assessment, the review and the application, each with its icon.
    assert "Tänään töissä:" in tasks and "Tein tämän" in tasks
    assert "Täytä oma arviosi" in tasks
    assert f"/my/reviews/{review_id}" in tasks and "Lue ja vahvista" in tasks
    assert f"/my/job-search#job-{entry_id}" in tasks and "Kauppa Oy" in tasks
    assert tasks.count('<svg class="icon" aria-hidden="true"') >= 4
    # One tap ticks the step: it is stored once and leaves the list.
    progress_id = _progress_id(app, world)
    action = re.search(rf'action="(/p/onboarding/progress/{progress_id}/steps/\w+)"', tasks)[1]
    assert young.post(action, form_url="/").status_code == 302
    assert young.post(action, form_url="/").status_code == 302  # a double tap
    with app.app_context():
        marks = db.session.scalars(select(OnboardingStepMark)).all()
        assert len(marks) == 1 and marks[0].done_on == TODAY
    after = young.get("/").get_data(as_text=True)
    assert action not in after
    # Another young person's page never shows these tasks.
    assert "Kauppa Oy" not in as_role("coach").get("/").get_data(as_text=True)


def test_hook_portal_client_progress(app, world, as_role):
    _agreed_model(world, as_role)
    home = as_role("client_user").get("/").get_data(as_text=True)
    days = (world.placement.end_date - world.placement.start_date).days + 1
    assert f"Päivät paikassa {world.company.name}: 11 / {days}" in home
    assert re.search(r"Rastitut vaiheet listallani: 0 / [1-9]\d*", home)
    assert 'aria-current="step"' in home  # where on the path they are


def test_the_home_shows_whom_to_call_with_a_phone_link(app, world, as_role):
    with app.app_context():
        db.session.get(User, world.coach.id).phone = "040 123 4567"
        db.session.commit()
    home = as_role("client_user").get("/").get_data(as_text=True)
    assert 'href="tel:0401234567"' in home and world.coach.name in home


def test_the_home_runs_a_fixed_number_of_statements(app, world, as_role):
    _agreed_model(world, as_role)
    young = as_role("client_user")
    young.get("/")  # the first visit creates the baseline self-assessment
    with count_queries(app) as few:
        young.get("/")
    for n in range(30):
        _application(app, world, organisation=f"Yritys {n}")
        _held_review(app, world)
    with count_queries(app) as many:
        assert young.get("/").status_code == 200
    assert len(many) == len(few) <= 12, many


def test_everything_else_is_a_tap_away(app, world, as_role):
    _agreed_model(world, as_role)
    young = as_role("client_user")
    home = young.get("/").get_data(as_text=True)
    assert "/my/more/onboarding" in home and "/my/job-search" in home
    checklist = young.get("/my/more/onboarding").get_data(as_text=True)
    assert "Tein tämän" in checklist and "<table" not in checklist
    assert young.get("/my/more/no-such-card").status_code == 404
    assert as_role("coach").get("/my/more/onboarding").status_code == 403


def test_the_young_person_tells_how_an_application_went(app, world, as_role):
    entry_id = _application(app, world)
    young = as_role("client_user")
    page = young.get("/my/job-search").get_data(as_text=True)
    assert f'id="job-{entry_id}"' in page and 'type="radio"' in page
    url = f"/clients/{world.client.id}/job-search/{entry_id}"
    answer = young.post(url, {"result": "interview"}, form_url="/my/job-search")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#job-{entry_id}")
    with app.app_context():
        assert db.session.get(JobSearchActivity, entry_id).result == "interview"
    assert "Kauppa Oy" not in young.get("/").get_data(as_text=True)  # no longer waiting
    # A made-up result changes nothing.
    young.post(url, {"result": "<script>"}, form_url="/my/job-search")
    with app.app_context():
        assert db.session.get(JobSearchActivity, entry_id).result == "interview"


def test_listen_buttons_are_hidden_until_the_script_reveals_them(app, world, as_role):
    home = as_role("client_user").get("/").get_data(as_text=True)
    assert re.search(
        r'<button type="button" class="listen secondary" data-listen[^>]* hidden>', home
    )
    assert "/static/js/listen.js" in home and "speechSynthesis" not in home


def test_the_self_assessment_shows_a_picture_for_each_level(app, world, as_role):
    young = as_role("client_user")
    young.get("/")
    with app.app_context():
        item = db.session.scalar(select(Assessment).where(Assessment.filled_by == "client"))
    page = young.get(f"/p/assessments/{item.id}").get_data(as_text=True)
    for level in range(1, 6):
        assert f"icons.svg#level-{level}" in page
    assert page.count('type="radio"') >= 40 and "picture-scale" in page
    # The supervisor's form stays words only.
    assert "picture-scale" not in as_role("coach").get(f"/p/assessments/{item.id}").get_data(
        as_text=True
    )


# --- the baseline self-assessment, whenever the young person got their account -------------


def test_a_young_person_invited_late_gets_the_baseline_once(app, world, as_role):
    """Their placement had started before they could sign in: no self-assessment was asked."""
    with app.app_context():
        late = Client(
            first_name="Leo",
            last_name="Myöhä",
            birth_year=2004,
            coach_id=world.coach.id,
            project_id=world.project.id,
        )
        db.session.add(late)
        db.session.commit()
        late_id = late.id
        assert not db.session.scalar(select(func.count()).where(Assessment.client_id == late_id))
        pw = db.session.get(User, world.client_user.id).password_hash
        user = User(email="leo@example.fi", name="Leo Myöhä", role="client", password_hash=pw)
        db.session.add(user)
        db.session.flush()
        db.session.get(Client, late_id).user_id = user.id
        db.session.commit()

    def baselines():
        with app.app_context():
            return db.session.scalar(
                select(func.count()).where(
                    Assessment.client_id == late_id,
                    Assessment.filled_by == "client",
                    Assessment.occasion == "intake",
                )
            )

    from tests.conftest import Browser

    leo = Browser(app.test_client())
    assert leo.login("leo@example.fi").status_code == 302
    home = leo.get("/").get_data(as_text=True)
    assert baselines() == 1 and "Täytä oma arviosi" in home
    leo.get("/")
    assert baselines() == 1  # a second visit stores no second one


def test_the_baseline_is_stored_once_even_when_asked_twice_at_once(app, world):
    from sqlalchemy.exc import IntegrityError

    from plugins.assessments import definitions

    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        content = definitions.available()["self_assessment"]
        for _ in range(2):
            db.session.add(
                Assessment(
                    client_id=client.id,
                    definition_id=definitions.stored(content).id,
                    form_key="self_assessment",
                    filled_by="client",
                    occasion="intake",
                    due_on=TODAY,
                )
            )
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
        else:
            raise AssertionError("two baselines were stored")


def test_a_self_assessment_asked_for_by_hand_reaches_the_chart(app, world, as_role):
    coach, young = as_role("coach"), as_role("client_user")
    results = f"/p/assessments/clients/{world.client.id}"
    asked = coach.post(
        f"{results}/request",
        {"form": "self_assessment", "placement": str(world.placement.id)},
        form_url=results,
    )
    assert asked.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Assessment).where(Assessment.occasion == "extra"))
    answer = skills((4, 4, 4, 4, 4, 4, 4, 4), action="submit")
    assert young.post(f"/p/assessments/{item.id}", answer).status_code == 302
    chart = coach.get(results).get_data(as_text=True)
    table = chart[chart.index("<table") :]
    assert "Valmentajan pyytämä" in table
    assert '<th scope="row">Tulen ajoissa ja kerron, jos olen poissa.</th>' in table
    row = re.search(r"Tulen ajoissa ja kerron, jos olen poissa\.</th>(.*?)</tr>", table)[1]
    assert "<td>4</td>" in row
    assert "5 = Valmentajan pyytämä" in chart


# --- the supervisor's language guide ---------------------------------------------------------


def _level(app, world, level: str) -> None:
    with app.app_context():
        db.session.merge(
            ClientSensitive(
                client_id=world.client.id,
                learning_difficulties="Lukivaikeus",
                support_needs="",
                immigrant_background=True,
                native_language="arabia",
                finnish_level=level,
            )
        )
        db.session.commit()


def _consent(app, world) -> None:
    with app.app_context():
        db.session.add(Consent(client_id=world.client.id, scope=ConsentScope.LANGUAGE_SUPPORT))
        db.session.commit()


def _guide_reads(app, world) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).where(
                AuditEvent.client_id == world.client.id,
                AuditEvent.action == "sensitive.read",
                AuditEvent.actor_id == world.employer.id,
            )
        )


def test_the_supervisor_gets_a_guide_for_the_trainee_s_finnish_level(app, world, as_role):
    _level(app, world, "A1.2")
    _consent(app, world)
    page = as_role("employer").get(f"/trainees/{world.client.id}").get_data(as_text=True)
    assert 'id="language-guide"' in page and "Puhu hitaasti" in page
    shown = re.sub(r'value="[^"]*"', "", page)  # a random CSRF token may hold "A1"
    assert "A1.2" not in shown and "A1" not in shown and "arabia" not in shown
    assert "Lukivaikeus" not in page
    assert _guide_reads(app, world) == 1  # the sensitive read is audit-logged


def test_without_the_consent_nothing_is_shown_and_nothing_sensitive_is_read(app, world, as_role):
    _level(app, world, "A1.2")
    page = as_role("employer").get(f"/trainees/{world.client.id}").get_data(as_text=True)
    assert 'id="language-guide"' not in page and "Puhu hitaasti" not in page
    assert _guide_reads(app, world) == 0


def test_another_company_s_supervisor_gets_no_guide(app, world, as_role):
    _level(app, world, "A1.2")
    _consent(app, world)
    assert as_role("other_employer").get(f"/trainees/{world.client.id}").status_code == 404
    assert _guide_reads(app, world) == 0


def test_levels_fall_into_bands():
    assert band_of("alle_A1.1") == BEGINNER and band_of("A1.3") == BEGINNER
    assert band_of("A2.2") == BASIC and band_of("") == BASIC
    assert band_of("B1.1") == INTERMEDIATE
    assert band_of("B2.1") == FLUENT and band_of("yli_C2.2") == FLUENT


def test_a_script_in_an_application_is_shown_as_text(app, world, as_role):
    _application(app, world, organisation='<script>alert("x")</script>=HYPERLINK("x")')
    home = as_role("client_user").get("/").get_data(as_text=True)
    assert "<script>alert" not in home and "&lt;script&gt;alert" in home
