from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.access.permissions import PUBLIC, access_of
from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, ClientSensitive, Placement

PUBLIC_ENDPOINTS = {
    "auth.login",
    "mfa.code",  # the sign-in's second step, before the person is signed in
    "auth.accept_invitation",
    "main.set_language",
    "main.accessibility",
    "main.healthz",
    "ops.livez",  # probes of the process manager and the load balancer
    "ops.readyz",
    "ops.metrics",  # checks its own token or loopback address (portal/ops/health.py)
    "assessments.by_link",  # the single-use link for a supervisor without an account
    "reviews.by_link",  # the single-use link for a supervisor to confirm a review
    "rest.openapi",  # the API's description: what it offers, no data
    "api_reference.index",  # the same, as a page
}


def test_every_endpoint_declares_who_may_use_it(app):
    undeclared, public = [], set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        access = access_of(app.view_functions[rule.endpoint])
        if access is None:
            undeclared.append(rule.endpoint)
        elif access == PUBLIC:
            public.add(rule.endpoint)
    assert undeclared == []
    assert public == PUBLIC_ENDPOINTS


def test_an_undeclared_plugin_view_is_refused(make_app):
    from tests.fixture_plugins import sample

    app = make_app(PORTAL_EXTRA_PLUGINS={"sample": sample})
    assert app.test_client().get("/p/sample/undeclared").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(browser, world):
    for url in ["/", "/clients/", f"/clients/{world.client.id}", "/admin/users", "/trainees/"]:
        response = browser.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    "role, url, expected",
    [
        ("employer", "/clients/", 403),
        ("client_user", "/clients/", 403),
        ("coach", "/admin/users", 403),
        ("coach", "/trainees/", 403),
        ("employer", "/groups/", 403),
        ("client_user", "/admin/", 403),
        ("admin", "/admin/users", 200),
        ("coach", "/clients/", 200),
        ("employer", "/trainees/", 200),
    ],
)
def test_role_gates(as_role, role, url, expected):
    assert as_role(role).get(url).status_code == expected


def test_mutating_routes_refuse_wrong_roles(as_role, world):
    employer = as_role("employer")
    page = employer.get("/").get_data(as_text=True)
    from tests.conftest import csrf_token

    token = csrf_token(page)
    for url in [
        "/admin/users/new",
        "/admin/companies/new",
        "/clients/new",
        "/groups/new",
        f"/clients/{world.client.id}/edit",
    ]:
        assert employer.client.post(url, data={"csrf_token": token}).status_code == 403


def test_coach_sees_only_own_clients(as_role, world):
    coach = as_role("coach")
    listing = coach.get("/clients/").get_data(as_text=True)
    assert "Virtanen" in listing and "Korhonen" not in listing
    assert coach.get(f"/clients/{world.client.id}").status_code == 200
    assert coach.get(f"/clients/{world.other_client.id}").status_code == 404
    assert coach.get(f"/clients/{world.other_client.id}/sensitive").status_code == 404
    assert coach.get(f"/groups/{world.other_group.id}").status_code == 404


def test_employer_sees_only_own_company_trainees(as_role, world):
    employer = as_role("employer")
    listing = employer.get("/trainees/").get_data(as_text=True)
    assert "Aino Virtanen" in listing and "Korhonen" not in listing
    assert employer.get(f"/trainees/{world.client.id}").status_code == 200
    assert employer.get(f"/trainees/{world.other_client.id}").status_code == 404
    other = as_role("other_employer")
    assert other.get(f"/trainees/{world.client.id}").status_code == 404


def test_employer_loses_sight_of_trainee_after_visibility_window(app, as_role, world):
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.end_date = clock.today() - timedelta(days=31)
        placement.start_date = clock.today() - timedelta(days=90)
        db.session.commit()
    employer = as_role("employer")
    assert employer.get(f"/trainees/{world.client.id}").status_code == 404
    assert "Virtanen" not in employer.get("/trainees/").get_data(as_text=True)


def test_employer_pages_never_show_sensitive_fields(app, as_role, world):
    with app.app_context():
        db.session.add(
            ClientSensitive(
                client_id=world.client.id,
                learning_difficulties="LUKIVAIKEUS-SALAINEN",
                support_needs="TUKI-SALAINEN",
                native_language="somali",
                immigrant_background=True,
                finnish_level="A2.1",
            )
        )
        db.session.commit()
    employer = as_role("employer")
    for url in ["/", "/trainees/", f"/trainees/{world.client.id}"]:
        html = employer.get(url).get_data(as_text=True)
        for secret in [
            "LUKIVAIKEUS-SALAINEN",
            "TUKI-SALAINEN",
            "somali",
            "A2.1",
            "learning_difficulties",
            "finnish_level",
            "immigrant",
        ]:
            assert secret not in html, (url, secret)
    assert employer.get(f"/clients/{world.client.id}/sensitive").status_code == 403


def test_client_sees_only_themself(as_role, world):
    client = as_role("client_user")
    html = client.get("/").get_data(as_text=True)
    assert "Varasto Oy" in html
    assert "Korhonen" not in html and "Kahvila Oy" not in html
    assert client.get(f"/trainees/{world.client.id}").status_code == 403


def test_sensitive_reads_are_audit_logged(app, as_role, world):
    coach = as_role("coach")
    assert coach.get(f"/clients/{world.client.id}/sensitive").status_code == 200
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sensitive.read"))
    assert event.client_id == world.client.id and event.actor_id == world.coach.id


def test_admin_needs_a_purpose_for_sensitive_data(app, as_role, world):
    admin = as_role("admin")
    first = admin.get(f"/clients/{world.client.id}/sensitive")
    assert first.status_code == 200 and 'name="purpose"' in first.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "sensitive.read")
            )
            == 0
        )
    in_url = admin.get(f"/clients/{world.client.id}/sensitive?purpose=Tietopyyntö+12/2026")
    assert 'name="purpose"' in in_url.get_data(as_text=True)  # a purpose in a URL opens nothing
    opened = admin.post(f"/clients/{world.client.id}/sensitive", {"purpose": "Tietopyyntö 12/2026"})
    assert opened.status_code == 200
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sensitive.read"))
    assert event.purpose == "Tietopyyntö 12/2026"


def test_audit_events_cannot_be_changed(app, world, as_role):
    as_role("coach")
    from portal.models.audit import AuditTrailIsAppendOnly

    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).first()
        event.action = "tampered"
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.delete(db.session.scalars(select(AuditEvent)).first())
            db.session.commit()
