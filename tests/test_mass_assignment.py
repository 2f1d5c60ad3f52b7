"""Fields a form does not have are ignored (checklist row 19): posting `role`, `client_id`,
`coach_id`, `company_id`, `user_id` or secrets beside a form's own fields changes none of them."""

from __future__ import annotations

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, JobSearchActivity, User
from tests.test_clients import VALID


def _extras(world) -> dict[str, str]:
    """Columns an attacker would like to set, aimed at someone else's rows."""
    return {
        "id": "999",
        "role": "admin",
        "client_id": str(world.other_client.id),
        "coach_id": str(world.other_coach.id),
        "company_id": str(world.other_company.id),
        "user_id": str(world.client_user.id),
        "totp_secret": "JBSWY3DPEHPK3PXP",
        "password_hash": "x",
        "anonymised_at": "2020-01-01",
    }


def test_the_young_persons_job_search_entry_is_their_own(app, world, as_role):
    me = as_role("client_user")
    data = {
        **_extras(world),
        "on": clock.today().isoformat(),
        "kind": "application",
        "organisation": "Kahvila",
        "result": "pending",
    }
    assert me.post("/my/job-search", data, form_url="/my/job-search").status_code == 302
    with app.app_context():
        entry = db.session.scalar(
            select(JobSearchActivity).where(JobSearchActivity.organisation == "Kahvila")
        )
        assert entry.client_id == world.client.id


def test_a_coach_cannot_set_a_clients_account_or_id(app, world, as_role):
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/edit"
    data = {**VALID, **_extras(world), "coach_id": str(world.coach.id)}
    assert coach.post(url, data).status_code == 302
    with app.app_context():
        client = db.session.get(Client, world.client.id)
        assert client.first_name == "Emma"
        assert client.user_id == world.client_user.id
        assert client.anonymised_at is None
        assert db.session.get(Client, 999) is None


def test_a_user_cannot_be_given_a_secret_through_the_admins_form(app, world, as_role):
    admin = as_role("admin")
    data = {
        **_extras(world),
        "name": "Kaisa Coach",
        "email": world.coach.email,
        "role": "coach",
        "company_id": "0",
        "locale": "",
        "active": "y",
    }
    admin.post(f"/admin/users/{world.coach.id}", data)
    with app.app_context():
        coach = db.session.get(User, world.coach.id)
        assert coach.totp_secret != "JBSWY3DPEHPK3PXP"
        assert coach.password_hash != "x"
        assert coach.role == "coach"
