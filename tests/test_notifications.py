"""Notifications: raised by a concern (the core) and through the public API (plugins), listed
per user with an unread count in the header (at most one statement), marked read, mailed in the
recipient's language unless turned off, and never shown outside the reader's scope."""

from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, Notification, NotificationSetting, OutboxMessage, User
from portal.notify import service
from tests.conftest import count_queries
from tests.plugins.test_assessments import demo_app  # noqa: F401 - a fixture


def _raise(app, user_id: int, client_id: int | None, kind: str = "assessment_submitted"):
    with app.app_context():
        user = db.session.get(User, user_id)
        service.notify([user], kind, link="/worklist", client_id=client_id)
        db.session.commit()
        return db.session.scalar(select(func.max(Notification.id)))


def _mails_to(app, email: str) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email)
        ).all()


def test_a_supervisors_concern_notifies_the_coach_in_app_and_by_mail(app, world, as_role):
    with app.app_context():
        db.session.get(Client, world.client.id).state = "workplace_coaching"
        db.session.commit()
    employer = as_role("employer")
    response = employer.post(
        f"/trainees/{world.client.id}/concern", {"difficulty": "Oppimisvaikeus: lukihäiriö"}
    )
    assert response.status_code == 302
    coach = as_role("coach")
    start = coach.get("/worklist").get_data(as_text=True)
    assert "1 unread" in start or "1 lukematon" in start
    page = coach.get("/notifications/").get_data(as_text=True)
    assert "Aino Virtanen" in page
    assert f"/clients/{world.client.id}/checkpoints/" in page
    [mail] = _mails_to(app, world.coach.email)
    assert "lukihäiriö" not in mail.body and "Aino" not in mail.body  # only the kind and a link
    assert f"/clients/{world.client.id}/checkpoints/" in mail.body


def test_the_mail_comes_in_the_recipients_language(app, world):
    with app.app_context():
        db.session.get(User, world.coach.id).locale = "sv"
        db.session.commit()
    _raise(app, world.coach.id, world.client.id, "review_to_confirm")
    [mail] = _mails_to(app, world.coach.email)
    with app.app_context():
        from flask_babel import force_locale

        with force_locale("sv"):
            expected = str(service.KINDS["review_to_confirm"])
    assert mail.subject == expected
    assert mail.subject != "A review waits for your confirmation"


def test_turning_a_kind_off_stops_its_mail_but_not_the_notification(app, world, as_role):
    coach = as_role("coach")
    kinds = [k for k in service.KINDS if k != "assessment_submitted"]
    response = coach.post("/notifications/email", {"email": kinds}, form_url="/notifications/")
    assert response.status_code == 303
    _raise(app, world.coach.id, world.client.id, "assessment_submitted")
    _raise(app, world.coach.id, world.client.id, "concern_raised")
    subjects = [m.subject for m in _mails_to(app, world.coach.email)]
    assert len(subjects) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(Notification.id))) == 2


def test_an_unknown_kind_in_the_email_choices_changes_nothing(app, world, as_role):
    coach = as_role("coach")
    response = coach.post(
        "/notifications/email", {"email": ["x" * 10_000]}, form_url="/notifications/"
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NotificationSetting)) == 0


def test_another_users_notification_answers_404_and_stays_unread(app, world, as_role):
    nid = _raise(app, world.coach.id, world.client.id)
    other = as_role("other_coach")
    assert other.post(f"/notifications/{nid}/read", form_url="/notifications/").status_code == 404
    assert "Aino" not in other.get("/notifications/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Notification, nid).read_at is None
    coach = as_role("coach")
    assert coach.post(f"/notifications/{nid}/read", form_url="/notifications/").status_code == 303
    with app.app_context():
        assert db.session.get(Notification, nid).read_at is not None


def test_marking_all_read_twice_is_harmless(app, world, as_role):
    _raise(app, world.coach.id, world.client.id)
    _raise(app, world.coach.id, None)
    coach = as_role("coach")
    first = coach.post("/notifications/read", form_url="/notifications/")
    assert first.status_code == 303
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(Notification.id)).where(Notification.read_at.is_(None))
            )
            == 0
        )
    assert coach.post("/notifications/read", form_url="/notifications/").status_code == 303


def test_a_notification_about_a_client_out_of_scope_is_not_shown(app, world, as_role):
    """An employer told about the other company's trainee (a wrong call, or access that has
    since ended) sees nothing of it, not even in the count."""
    _raise(app, world.employer.id, world.other_client.id)
    employer = as_role("employer")
    page = employer.get("/notifications/").get_data(as_text=True)
    assert "Eetu" not in page and "Korhonen" not in page
    assert "unread" not in page and "lukematon" not in page


def test_the_count_follows_the_employers_window_as_the_days_pass(app, world, as_role):
    """The header's statement is kept per viewer and day: a day later it is built again, so
    a trainee whose window has closed drops out of the count."""
    _raise(app, world.employer.id, world.client.id)
    window_closed = world.placement.end_date + timedelta(days=31)
    for day, shown in ((clock.today(), True), (window_closed, False)):
        with freeze_time(day):
            page = as_role("employer").get("/accessibility").get_data(as_text=True)
            assert ("1 lukematon" in page) is shown, day


def _counts(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().startswith("SELECT count(*)")]


def test_the_header_count_costs_one_statement(app, world, as_role):
    """With nothing unread, the session's own statement says so (ADR 0031) and the count runs
    no statement; with something unread, one, however many there are."""
    coach = as_role("coach")
    coach.get("/notifications/")  # warm up
    with count_queries(app) as without:
        coach.get("/accessibility")
    for _ in range(30):
        _raise(app, world.coach.id, world.client.id)
    with count_queries(app) as with_many:
        page = coach.get("/accessibility").get_data(as_text=True)
    assert "30" in page
    assert _counts(without) == []
    assert len(_counts(with_many)) == 1 and "notifications" in _counts(with_many)[0]
    assert len(with_many) == len(without) + 1


def test_a_plugin_raises_through_the_public_api(app, world):
    from portal import api

    with app.app_context():
        user = db.session.get(User, world.coach.id)
        api.notify([user], "demonstration_graded", link=api.link_to("main.index"))
        db.session.commit()
        assert db.session.scalar(select(Notification.kind)) == "demonstration_graded"


def test_bad_links_and_kinds_are_refused(app, world):
    import pytest

    with app.app_context():
        user = db.session.get(User, world.coach.id)
        for kind, link in [
            ("nonsense", "/x"),
            ("concern_raised", "https://evil.example/"),
            ("concern_raised", "/" + "x" * 400),
        ]:
            with pytest.raises(ValueError):
                service.notify([user], kind, link=link)


def test_the_list_pages_by_id(app, world, as_role):
    for _ in range(service.PAGE + 3):
        _raise(app, world.coach.id, None)
    coach = as_role("coach")
    first = coach.get("/notifications/").get_data(as_text=True)
    assert "?before=" in first
    assert coach.get("/notifications/?before=abc").status_code in (200, 400)
    assert coach.get("/notifications/?before=99999999999999999999").status_code in (200, 400)


def test_a_held_review_asks_the_supervisor_to_confirm_once(app, world, as_role):
    from tests.test_reviews import _hold, _schedule

    coach = as_role("coach")
    review_id = _schedule(coach, world)
    assert _hold(coach, world, review_id).status_code == 302
    assert _hold(coach, world, review_id, notes="Korjattu kirjaus.").status_code == 302
    with app.app_context():
        [note] = db.session.scalars(select(Notification)).all()
    assert (note.user_id, note.kind) == (world.employer.id, "review_to_confirm")
    page = as_role("employer").get("/notifications/").get_data(as_text=True)
    assert f"/trainees/{world.client.id}/reviews/{review_id}" in page
    assert "Uniongelmat" not in page  # the coach's own notes never travel with it


def test_a_submitted_assessment_and_a_graded_demonstration_reach_the_coach(demo_app):  # noqa: F811
    """The employer submits a demonstration's assessment form (the assessments plugin), which
    grades the demonstration (the recognition plugin): the coach hears of both."""
    from tests.plugins.test_assessments import test_hook_portal_assessment_submitted

    test_hook_portal_assessment_submitted(demo_app)
    with demo_app.app_context():
        kinds = set(db.session.scalars(select(Notification.kind)))
    assert {"assessment_submitted", "demonstration_graded"} <= kinds
