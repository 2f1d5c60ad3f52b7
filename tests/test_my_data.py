"""The young person's data page: who has seen their information, and the consents they
withdraw themselves (checklist row 37); the admin's copy of the list for a request."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from portal.app.extensions import db
from portal.models import AuditEvent, Consent, ConsentScope
from tests.conftest import count_queries
from tests.support.browser import form_fields

PAGE = "/my/data/"


def give_consent(app, world, scope=ConsentScope.LANGUAGE_SUPPORT, text="") -> int:
    with app.app_context():
        consent = Consent(
            client_id=world.client.id,
            scope=scope,
            shared_text=text,
            recorded_by_id=world.coach.id,
        )
        db.session.add(consent)
        db.session.commit()
        return consent.id


def add_reads(app, world, n: int) -> None:
    with app.app_context():
        db.session.execute(
            insert(AuditEvent),
            [
                {
                    "actor_id": world.coach.id,
                    "actor_role": "coach",
                    "action": "read",
                    "client_id": world.client.id,
                    "object_type": "pathway.timeline",
                    "purpose": "coaching",
                }
                for _ in range(n)
            ],
        )
        db.session.commit()


def test_the_young_person_sees_who_read_their_data_in_plain_language(app, as_role, world):
    as_role("coach").get(f"/clients/{world.client.id}")
    as_role("employer").get(f"/trainees/{world.client.id}")
    as_role("coach").get(f"/clients/{world.other_client.id}")  # someone else's data
    html = as_role("client_user").get(PAGE).get_data(as_text=True)
    assert "Valmentaja, Polku" in html and "tarkoitus: sinun valmennuksesi" in html
    assert "Työnantaja (työpaikkaohjaaja), Varasto Oy" in html
    assert "työpaikalla tehtävän työsi ohjaaminen" in html
    assert "Kaisa Valmentaja" not in html  # names are off by default
    assert html.count("<li><strong>") == 2


def test_names_of_staff_are_shown_only_when_the_setting_asks(make_app):
    from tests.support.browser import Browser
    from tests.support.world import World

    app = make_app(ACCESS_LOG_SHOWS_NAMES=True)
    with app.app_context():
        world = World()
    coach = Browser(app.test_client())
    coach.login(world.coach.email)
    coach.get(f"/clients/{world.client.id}")
    client = Browser(app.test_client())
    client.login(world.client_user.email)
    assert "Kaisa Valmentaja" in client.get(PAGE).get_data(as_text=True)


def test_the_list_is_paged_by_key_at_a_fixed_cost(app, as_role, world):
    client = as_role("client_user")
    add_reads(app, world, 3)
    with count_queries(app) as small:
        assert client.get(PAGE).status_code == 200
    add_reads(app, world, 60)
    with count_queries(app) as large:
        first = client.get(PAGE).get_data(as_text=True)
    assert len(small) == len(large)
    assert first.count("<li><strong>") == 25
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count("<li><strong>") == 25
    with app.app_context():
        newest = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    assert f"before={newest - 24}" in older


@pytest.mark.parametrize("key", ["abc", "-5", "0", "99999999999999999999", "1e9"])
def test_a_nonsense_page_key_shows_the_first_page(app, as_role, world, key):
    assert as_role("client_user").get(f"{PAGE}?before={key}").status_code == 200


def test_only_the_young_person_opens_the_page(app, as_role, world):
    for role in ("coach", "employer", "admin"):
        assert as_role(role).get(PAGE).status_code == 403


def test_the_admin_produces_the_list_on_request_and_that_is_logged(app, as_role, world):
    as_role("employer").get(f"/trainees/{world.client.id}")
    admin = as_role("admin")
    page = admin.get(f"/admin/clients/{world.client.id}/access-log")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Työnantaja (työpaikkaohjaaja), Varasto Oy" in html
    with app.app_context():
        row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "access_log.read"))
        assert (row.client_id, row.actor_id, row.purpose) == (
            world.client.id,
            world.admin.id,
            "access_request",
        )
    assert as_role("coach").get(f"/admin/clients/{world.client.id}/access-log").status_code == 403
    assert admin.get("/admin/clients/999999/access-log").status_code == 404
    seen = as_role("client_user").get(PAGE).get_data(as_text=True)
    assert "pyyntösi tietää, kuka on nähnyt tietojasi" in seen


def test_the_young_person_sees_each_consent_with_its_wording_version_and_channel(
    app, as_role, world
):
    give_consent(app, world, ConsentScope.SUPPORT_TEXT, "Ohjeet kirjallisena")
    html = as_role("client_user").get(PAGE).get_data(as_text=True)
    assert "Ohjeet kirjallisena" in html and "2026-1" in html
    assert "Annettu valmentajalle kasvokkain" in html and "Voimassa" in html


def test_withdrawing_is_confirmed_and_hides_the_language_guide_from_the_supervisor(
    app, as_role, world
):
    consent_id = give_consent(app, world)
    supervisor = as_role("employer")
    guide = "Kielellistä tukea tarvitaan"
    assert guide in supervisor.get(f"/trainees/{world.client.id}").get_data(as_text=True)
    client = as_role("client_user")
    url = f"/my/data/consents/{consent_id}/withdraw"
    confirm = client.get(url).get_data(as_text=True)
    assert "ei enää näe, että tarvitset kielellistä tukea" in confirm
    fields = form_fields(client, url)
    assert client.post(url, fields).status_code == 302
    assert client.post(url, fields).status_code == 302  # the same form again
    with app.app_context():
        rows = db.session.scalars(select(Consent).where(Consent.client_id == world.client.id))
        (consent,) = rows.all()  # the history stays
        assert consent.withdrawn_at is not None
        withdrawals = db.session.scalars(
            select(AuditEvent.actor_id).where(AuditEvent.action == "consent.withdraw")
        ).all()
    assert withdrawals == [world.client_user.id]
    assert guide not in supervisor.get(f"/trainees/{world.client.id}").get_data(as_text=True)
    coach_view = as_role("coach").get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert "peruttu" in coach_view
    assert "Peruttu" in client.get(PAGE).get_data(as_text=True)


def test_another_clients_consent_answers_404_and_changes_nothing(app, as_role, world):
    with app.app_context():
        other = Consent(client_id=world.other_client.id, scope=ConsentScope.INTAKE_SUMMARY)
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    client = as_role("client_user")
    assert client.get(f"/my/data/consents/{other_id}/withdraw").status_code == 404
    own = give_consent(app, world)
    fields = form_fields(client, f"/my/data/consents/{own}/withdraw")
    assert client.post(f"/my/data/consents/{other_id}/withdraw", fields).status_code == 404
    with app.app_context():
        assert db.session.get(Consent, other_id).withdrawn_at is None


def test_a_withdrawal_without_the_form_token_changes_nothing(app, as_role, world):
    consent_id = give_consent(app, world)
    client = as_role("client_user")
    response = client.client.post(f"/my/data/consents/{consent_id}/withdraw", data={})
    assert response.status_code in (302, 400)
    with app.app_context():
        assert db.session.get(Consent, consent_id).withdrawn_at is None


def test_a_read_through_a_single_use_link_names_no_organisation(app, as_role, world):
    with app.app_context():
        db.session.execute(
            insert(AuditEvent),
            [
                {
                    "action": "read",
                    "client_id": world.client.id,
                    "object_type": "reviews.by_link",
                    "purpose": "workplace_supervision",
                }
            ],
        )
        db.session.commit()
    html = as_role("client_user").get(PAGE).get_data(as_text=True)
    assert "joku kertakäyttöisen linkin kautta" in html
    assert "arviointikeskustelut" in html
