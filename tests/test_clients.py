from sqlalchemy import func, select

from portal.app.extensions import db
from portal.models import Client, ClientSensitive, User, group_coaches
from tests.conftest import add_group_clients, count_queries, form_fields

VALID = {
    "first_name": "Emma",
    "last_name": "Laine",
    "birth_year": "2005",
    "email": "",
    "phone": "",
    "municipality": "Vantaa",
    "referral_source": "Ohjaamo",
    "highest_education": "basic",
    "goal": "study",
    "preferred_fields": "kauppa",
}


def test_coach_adds_client_and_bad_input_stores_nothing(app, as_role, world):
    coach = as_role("coach")
    bad = coach.post(
        "/clients/new",
        {**VALID, "birth_year": "1850", "first_name": "", "coach_id": str(world.coach.id)},
    )
    assert bad.status_code == 200
    html = bad.get_data(as_text=True)
    assert "Anna vuosi väliltä" in html and 'aria-invalid="true"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Client.id))) == 2
    ok = coach.post("/clients/new", {**VALID, "coach_id": str(world.coach.id)})
    assert ok.status_code == 302
    assert "Emma Laine" in coach.get(ok.headers["Location"]).get_data(as_text=True)
    found = coach.post("/clients/", {"q": "lai"}, follow_redirects=True)
    assert "Laine" in found.get_data(as_text=True)


def test_two_coaches_editing_the_same_client(app, as_role, world):
    with app.app_context():
        db.session.execute(
            group_coaches.insert().values(group_id=world.group.id, user_id=world.other_coach.id)
        )
        db.session.commit()
    first, second = as_role("coach"), as_role("other_coach")
    url = f"/clients/{world.client.id}/edit"
    opened_a, opened_b = form_fields(first, url), form_fields(second, url)
    data = {**VALID, "first_name": "Aino", "last_name": "Virtanen", "coach_id": str(world.coach.id)}
    assert first.post(url, {**opened_a, **data, "municipality": "Espoo"}).status_code == 302
    clash = second.post(url, {**opened_b, **data, "municipality": "Kerava"})
    assert clash.status_code == 409
    with app.app_context():
        assert db.session.get(Client, world.client.id).municipality == "Espoo"


def test_coach_records_sensitive_data(app, as_role, world):
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/sensitive"
    page = coach.get(url).get_data(as_text=True)
    assert "B1.1" in page  # Finnish levels from the national code list
    bad = coach.post(url, {"finnish_level": "Z9"})
    assert bad.status_code == 200 and 'class="error-summary"' in bad.get_data(as_text=True)
    ok = coach.post(
        url,
        {
            "learning_difficulties": "Lukivaikeus",
            "support_needs": "",
            "immigrant_background": "y",
            "native_language": "somali",
            "finnish_level": "A2.1",
        },
    )
    assert ok.status_code == 302
    with app.app_context():
        record = db.session.get(ClientSensitive, world.client.id)
        assert record.finnish_level == "A2.1" and record.immigrant_background


def test_client_gets_an_account_through_invitation(app, as_role, world):
    coach = as_role("coach")
    with app.app_context():
        client = db.session.get(Client, world.other_client.id)
        client.coach_id = world.coach.id
        db.session.commit()
    no_email = coach.post(
        f"/clients/{world.other_client.id}/account",
        {},
        form_url=f"/clients/{world.other_client.id}",
    )
    assert no_email.status_code == 302 and no_email.headers["Location"].endswith("/edit")
    with app.app_context():
        client = db.session.get(Client, world.other_client.id)
        client.email = "eetu@example.fi"
        db.session.commit()
    sent = coach.post(
        f"/clients/{world.other_client.id}/account",
        {},
        form_url=f"/clients/{world.other_client.id}",
    )
    assert sent.status_code == 302
    with app.app_context():
        client = db.session.get(Client, world.other_client.id)
        account = db.session.get(User, client.user_id)
        assert account.role == "client" and account.email == "eetu@example.fi"


def _queries(app, browser, url):
    with count_queries(app) as statements:
        assert browser.get(url).status_code == 200
    return len(statements)


def test_list_pages_run_a_fixed_number_of_queries(app, as_role, world):
    coach, admin = as_role("coach"), as_role("admin")
    pages = [
        (coach, "/clients/"),
        (coach, "/"),
        (coach, "/groups/"),
        (admin, "/clients/"),
        (admin, "/admin/users"),
        (admin, "/"),
        (as_role("employer"), "/trainees/"),
    ]
    add_group_clients(app, world, 10)
    small = [_queries(app, b, url) for b, url in pages]
    add_group_clients(app, world, 190)
    large = [_queries(app, b, url) for b, url in pages]
    assert small == large
    assert max(large) <= 10  # the core page and the onboarding widget
