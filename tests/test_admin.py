from sqlalchemy import func, select

from portal.app.extensions import db
from portal.app.validators import normalise_business_id
from portal.models import Company, OutboxMessage, User
from tests.conftest import form_fields


def test_business_id_checksum():
    assert normalise_business_id("1572860-0") == "1572860-0"
    assert normalise_business_id(" 0112038-9 ") == "0112038-9"
    assert normalise_business_id("112038-9") == "0112038-9"  # old six-digit form
    assert normalise_business_id("1572860-1") is None
    assert normalise_business_id("15728600") == "1572860-0"  # typed without the hyphen
    assert normalise_business_id("1572860") is None  # no check digit
    assert normalise_business_id("abcdefg-h") is None
    assert normalise_business_id("") is None


def _company_form(**overrides):
    data = {
        "name": "Uusi Yritys Oy",
        "business_id": "1572860-0",
        "industry": "kauppa",
        "street_address": "Katu 1",
        "postal_code": "00100",
        "city": "Helsinki",
        "status": "active",
    }
    data.update(overrides)
    return data


def test_admin_adds_company_with_valid_business_id(app, as_role):
    admin = as_role("admin")
    bad = admin.post(
        "/admin/companies/new", _company_form(business_id="1572860-1", postal_code="123")
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "Anna kelvollinen Y-tunnus" in html and "Anna viisi numeroa." in html
    assert 'class="error-summary"' in html and 'href="#business_id"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Company.id))) == 2
    assert admin.post("/admin/companies/new", _company_form()).status_code == 302
    duplicate = admin.post("/admin/companies/new", _company_form(name="Toinen"))
    assert "on jo olemassa" in duplicate.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Company.id))) == 3


def test_concurrent_company_edits_do_not_overwrite(app, as_role, world):
    first, second = as_role("admin"), as_role("admin")
    url = f"/admin/companies/{world.company.id}"
    opened_a, opened_b = form_fields(first, url), form_fields(second, url)
    data = _company_form(name="Varasto Oy", business_id="2914650-5")
    ok = first.post(url, {**opened_a, **data, "city": "Espoo"})
    assert ok.status_code == 302
    clash = second.post(url, {**opened_b, **data, "city": "Turku"})
    assert clash.status_code == 409
    assert "Joku muu tallensi" in clash.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Company, world.company.id).city == "Espoo"


def test_admin_invites_employer_who_needs_a_company(app, as_role, world):
    admin = as_role("admin")
    missing = admin.post(
        "/admin/users/new",
        {
            "name": "Ohjaaja",
            "email": "o@example.fi",
            "role": "employer",
            "company_id": "0",
            "locale": "",
        },
    )
    assert "Valitse työnantajan yritys." in missing.get_data(as_text=True)
    taken = admin.post(
        "/admin/users/new",
        {"name": "X", "email": world.coach.email, "role": "coach", "company_id": "0", "locale": ""},
    )
    assert "jo toisen käyttäjätilin käytössä" in taken.get_data(as_text=True)
    ok = admin.post(
        "/admin/users/new",
        {
            "name": "Ohjaaja",
            "email": "O@Example.fi",
            "role": "employer",
            "company_id": str(world.company.id),
            "locale": "sv",
        },
    )
    assert ok.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "o@example.fi"))
        assert user.company_id == world.company.id and user.password_hash is None
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    assert mail.subject == "Ditt Polku-konto"  # in the invitee's language
    outbox = admin.get("/admin/outbox").get_data(as_text=True)
    assert "o@example.fi" in outbox and "/invitation/" in outbox


def test_admin_cannot_create_client_accounts_directly(as_role):
    admin = as_role("admin")
    response = admin.post(
        "/admin/users/new",
        {"name": "X", "email": "x@example.fi", "role": "client", "company_id": "0", "locale": ""},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(
        as_text=True
    ) or "Virheellinen valinta" in response.get_data(as_text=True)


def test_admin_cannot_demote_themself(as_role, world):
    admin = as_role("admin")
    response = admin.post(
        f"/admin/users/{world.admin.id}",
        {
            "name": "Admin",
            "email": world.admin.email,
            "role": "coach",
            "company_id": "0",
            "locale": "",
            "active": "y",
        },
    )
    assert response.status_code == 200
    assert "omia pääkäyttäjän oikeuksiasi" in response.get_data(as_text=True)


def test_user_list_search_and_pages(app, as_role):
    admin = as_role("admin")
    html = admin.post("/admin/users", {"q": "coach"}, follow_redirects=True).get_data(as_text=True)
    assert "coach@example.fi" in html and "employer@example.fi" not in html
    assert admin.get("/admin/users?page=999").status_code == 200
    assert admin.get("/admin/users?page=abc").status_code == 200
    assert admin.get("/admin/audit?action=auth").status_code == 200


def test_accessibility_feedback_reaches_admin(app, browser, as_role):
    empty = browser.post("/accessibility", {"message": "", "contact": ""})
    assert empty.status_code == 200 and 'class="error-summary"' in empty.get_data(as_text=True)
    sent = browser.post(
        "/accessibility",
        {"message": "Kontrasti on liian heikko <script>", "contact": "a@example.fi"},
    )
    assert sent.status_code == 302
    html = as_role("admin").get("/admin/feedback").get_data(as_text=True)
    assert "Kontrasti on liian heikko &lt;script&gt;" in html
