"""Access that ends when it should: secret links die with the employer's window, coaches reach
the onboarding models of the companies they work with, and an admin's grant is audited."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from plugins.assessments import links as assessment_links
from plugins.assessments import services as assessment_services
from plugins.assessments.models import Assessment
from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, Client, CompanyCoach, Placement, Review, User
from portal.reviews import links as review_links
from tests.conftest import World

TODAY = clock.today()


def _end_early(app: Flask, world: World, days_ago: int) -> None:
    """The placement really ended ``days_ago`` days ago; its planned end is still ahead."""
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.start_date = TODAY - timedelta(days=days_ago + 20)
        placement.ended_on = TODAY - timedelta(days=days_ago)
        placement.end_reason = "Keskeytyi"
        db.session.commit()


def _links(app: Flask, world: World) -> tuple[str, str]:
    """A review link and an assessment link for the placement, both within their 14 days."""
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        coach = db.session.get(User, world.coach.id)
        review = Review(
            client_id=world.client.id,
            placement_id=placement.id,
            scheduled_on=placement.start_date,
            held_on=placement.start_date,
        )
        db.session.add(review)
        db.session.commit()
        review_url = review_links.create(review, db.session.get(Client, world.client.id), "", coach)
        assessment_services.schedule(placement, ("midway",))
        item = db.session.scalar(
            select(Assessment).where(
                Assessment.placement_id == placement.id, Assessment.filled_by == "supervisor"
            )
        )
        assessment_url = assessment_links.create(item, "", coach)
    return urlsplit(review_url).path, urlsplit(assessment_url).path


def test_links_work_within_the_employers_window(app, world, browser):
    _end_early(app, world, days_ago=10)
    review_url, assessment_url = _links(app, world)
    assert browser.get(review_url).status_code == 200
    assert browser.get(assessment_url).status_code == 200


def test_links_die_with_the_employers_window_after_an_early_end(app, world, browser):
    """The placement ended 35 days ago although it was planned to run on: the supervisor's
    access has ended, and so have links that still had days left."""
    _end_early(app, world, days_ago=35)
    review_url, assessment_url = _links(app, world)
    for url in (review_url, assessment_url):
        response = browser.get(url)
        assert response.status_code == 410
        assert "Aino" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Review.supervisor_confirmed_at)) is None


def _model_of(coach, company_id: int):
    return coach.get(f"/p/onboarding/companies/{company_id}")


def test_a_coach_reaches_only_the_onboarding_of_companies_they_work_with(app, world, as_role):
    coach, other_coach = as_role("coach"), as_role("other_coach")
    # The coach's client has a placement at the company, the other coach's at the other one.
    assert _model_of(coach, world.company.id).status_code == 200
    assert _model_of(coach, world.other_company.id).status_code == 404
    assert _model_of(other_coach, world.company.id).status_code == 404
    listing = coach.get("/p/onboarding/").get_data(as_text=True)
    assert "Varasto Oy" in listing and "Kahvila Oy" not in listing
    created = coach.post(
        f"/p/onboarding/companies/{world.other_company.id}", {"title": "x", "template": ""}
    )
    assert created.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CompanyCoach)) == 0


def test_a_past_client_keeps_the_company_for_the_coach(app, world, as_role):
    _end_early(app, world, days_ago=400)
    assert _model_of(as_role("coach"), world.company.id).status_code == 200


def _grant(admin, world: World, coach_id: int):
    url = f"/admin/companies/{world.other_company.id}"
    return admin.post(f"{url}/coaches", {"coach": str(coach_id)}, form_url=url)


def test_an_admin_gives_a_company_to_a_coach_and_takes_it_back(app, world, as_role):
    admin, coach = as_role("admin"), as_role("coach")
    page = f"/admin/companies/{world.other_company.id}"
    assert "Kaisa Valmentaja" in admin.get(page).get_data(as_text=True)
    assert _grant(admin, world, world.coach.id).status_code == 302
    assert _model_of(coach, world.other_company.id).status_code == 200
    with app.app_context():
        grant_id = db.session.scalar(select(CompanyCoach.id))
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "company.coach_grant" in actions
    # The same coach twice: a message, one row.
    _grant(admin, world, world.coach.id)
    assert "jo" in admin.get(page).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CompanyCoach)) == 1
    asked = admin.post(f"{page}/coaches/{grant_id}/remove", {}, form_url=page)
    assert asked.status_code == 200  # the confirmation page: nothing removed yet
    assert _model_of(coach, world.other_company.id).status_code == 200
    removed = admin.post(f"{page}/coaches/{grant_id}/remove", {"confirmed": "yes"}, form_url=page)
    assert removed.status_code == 302
    assert _model_of(coach, world.other_company.id).status_code == 404
    with app.app_context():
        assert "company.coach_revoke" in db.session.scalars(select(AuditEvent.action)).all()


def test_a_grant_is_for_an_active_coach_only_and_only_an_admin_gives_it(app, world, as_role):
    admin = as_role("admin")
    for who in (world.employer.id, world.admin.id, 999999, "=HYPERLINK(1)", ""):
        assert _grant(admin, world, who).status_code == 302
    assert _grant(as_role("coach"), world, world.coach.id).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CompanyCoach)) == 0
    with app.app_context():
        grant = CompanyCoach(company_id=world.other_company.id, user_id=world.coach.id)
        db.session.add(grant)
        db.session.commit()
        grant_id = grant.id
    # Through another company's URL the grant is not found: a message, nothing removed.
    page = f"/admin/companies/{world.company.id}"
    wrong = admin.post(f"{page}/coaches/{grant_id}/remove", {}, form_url=page)
    assert wrong.status_code == 302
    assert "jo poistettu" in admin.get(page).get_data(as_text=True)
    assert (
        admin.post("/admin/companies/999999/coaches/1/remove", {}, form_url=page).status_code == 404
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CompanyCoach)) == 1


def test_a_coach_who_does_not_work_with_the_company_cannot_sign_its_model(app, world, as_role):
    from plugins.onboarding import services as onboarding
    from plugins.onboarding.models import OnboardingModel
    from portal.app.rules import RuleError

    coach = as_role("coach")
    created = coach.post(
        f"/p/onboarding/companies/{world.company.id}", {"title": "Malli", "template": ""}
    )
    model_id = int(created.headers["Location"].rsplit("/", 1)[1])
    other = as_role("other_coach")
    signed = other.post(f"/p/onboarding/models/{model_id}/sign", {"base": "1"}, form_url="/")
    assert signed.status_code == 404
    with app.app_context(), app.test_request_context():
        model = db.session.get(OnboardingModel, model_id)
        outsider = db.session.get(User, world.other_coach.id)
        with pytest.raises(RuleError):
            onboarding.sign(model, "1", outsider)
        assert onboarding.latest_version(model).coach_signed_at is None
