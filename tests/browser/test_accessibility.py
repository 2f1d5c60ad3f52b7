"""Every role signs in through a real browser and lands on an accessible start page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.demo.data import DEMO_PASSWORD

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
ACCOUNTS = [
    ("admin@polku.test", "Hankkeen yleiskuva"),
    ("coach@polku.test", "Ryhmäni"),
    ("employer@polku.test", "Harjoittelijamme"),
    ("client@polku.test", "Suunnitelmani"),
    ("teacher@polku.test", "Nuoret, joiden osaamisen tunnistamisessa olet mukana"),
]


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    assert page.csp_violations == []


def sign_in(page, base, email):
    page.goto(f"{base}/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("email, heading", ACCOUNTS)
def test_each_role_lands_on_an_accessible_start_page(page, live_server, email, heading):
    sign_in(page, live_server, email)
    assert page.url == f"{live_server}/"
    assert heading in page.content()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert_accessible(page)


def test_sign_in_page_and_error_summary_are_accessible(page, live_server):
    page.goto(f"{live_server}/login")
    assert_accessible(page)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)


def test_keyboard_reaches_the_skip_link_first(page, live_server):
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Siirry sisältöön"


def test_language_switch_without_javascript(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.select_option("#lang-select", "sv")
    page.get_by_role("button", name="Vaihda").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Logga in" in page.content()
    context.close()


def test_pages_work_at_320_pixels(chromium, live_server):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, "coach@polku.test")
    for path in ["/", "/clients/", "/groups/"]:
        page.goto(f"{live_server}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/clients/",
        "/clients/?sort=-entry&phase=intake",
        "/clients/new",
        "/groups/",
        "/groups/1/members",
        "/search/",
        "/account/password",
        "/groups/new",
        "/notifications/",
        "/imports/clients",
    ],
)
def test_coach_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}{path}")
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users",
        "/admin/users/new",
        "/admin/companies",
        "/admin/companies/new",
        "/admin/companies/1",
        "/admin/",
        "/admin/outbox",
        "/admin/audit",
        "/reports/clients/export",
        "/admin/tokens/",
        "/admin/tokens/new",
        "/developers/api",
        "/imports/companies",
    ],
)
def test_admin_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "admin@polku.test")
    page.goto(f"{live_server}{path}")
    assert_accessible(page)


def test_the_likely_duplicates_on_the_intake_form_are_accessible(page, live_server):
    """The demo young person typed in again (by their email): the form comes back with the
    likely duplicates, focused, and the box that confirms someone else."""
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/clients/new")
    page.get_by_label("Etunimi").fill("Testi")
    page.get_by_label("Sukunimi").fill("Henkilö")
    page.get_by_label("Syntymävuosi").fill("2005")
    page.get_by_label("Sähköposti").fill("client@polku.test")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()
    assert page.locator("#duplicates-title").is_visible()
    assert page.locator("#confirm_new").count() == 1
    assert_accessible(page)


def test_an_import_s_preview_is_accessible_and_fits_a_phone(chromium, live_server, tmp_path):
    """A file with an error and a likely duplicate (the demo young person's email): the
    preview's error summary, its rows and the box for someone else."""
    sheet = tmp_path / "nuoret.csv"
    sheet.write_text(
        "etunimi;sukunimi;syntymävuosi;sähköposti\n"
        "Testi;Henkilö;2005;client@polku.test\n"
        "Toinen;Rivi;2005;ei-osoite\n"
        "Kolmas;Rivi;2005;kolmas.rivi.jolla.on.pitka.osoite@esimerkki.example.fi\n",
        encoding="utf-8",
    )
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/imports/clients")
    page.get_by_label("Tiedosto").set_input_files(str(sheet))
    page.get_by_role("button", name="Tarkista tiedosto").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary-title").is_visible()
    assert page.locator("#new_2").count() == 1
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(page)
    context.close()


def test_accessibility_statement_is_accessible(page, live_server):
    page.goto(f"{live_server}/accessibility")
    assert_accessible(page)


PATHWAY_PAGES = [
    "/worklist",
    "/clients/1",
    "/clients/1/timeline",
    "/clients/1/placements/new",
    "/clients/1/checkpoints/new",
    "/clients/1/job-search/new",
    "/clients/1/consents/new",
    "/clients/1/prior-learning/new",
    "/groups/3",
    "/groups/3/sessions/new",
]


@pytest.mark.parametrize("path", PATHWAY_PAGES)
def test_pathway_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}{path}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_check_point_and_attendance_pages_are_accessible(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/worklist")
    page.get_by_role("link", name="Siirry avoimeen Check Pointiin").first.click()
    page.wait_for_load_state()
    assert "Check Point" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server}/groups/3")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_employer_trainee_page_is_accessible(page, live_server):
    sign_in(page, live_server, "employer@polku.test")
    # The queue above links to her forms too; this is the link to her trainee page.
    page.locator("a[href*='/trainees/']", has_text="Aino Virtanen").first.click()
    page.wait_for_load_state()
    assert "Aino Virtanen" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_admin_partner_pages_are_accessible(page, live_server):
    sign_in(page, live_server, "admin@polku.test")
    for path in ["/admin/partners/", "/admin/partners/new"]:
        page.goto(f"{live_server}{path}")
        assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/p/onboarding/",
        "/p/onboarding/models/1",
        "/p/onboarding/models/1/steps/new",
        "/p/onboarding/models/1/fading",
        "/p/onboarding/models/1/versions/2",
        "/p/onboarding/models/1/print",
        "/p/onboarding/models/1/translations/s1/ar",
        "/p/onboarding/models/1/translations/s3/fi@selko",
        "/p/onboarding/models/1/translations/fading/uk",
        "/p/onboarding/companies/2",
    ],
)
def test_onboarding_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}{path}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/p/recognition/",
        "/p/recognition/?q=hius",
        "/p/recognition/qualifications/1",
        "/p/recognition/units/1",
        "/p/recognition/clients/1",
        "/p/recognition/clients/1/units/2",
        "/p/recognition/clients/1/units/3",
        "/p/recognition/clients/1/record",
        "/p/recognition/demonstrations/1",
    ],
)
def test_recognition_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}{path}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/p/recognition/clients/1",
        "/p/recognition/clients/1/school",
        "/p/recognition/clients/1/units/1",
        "/p/recognition/clients/1/units/3",
        "/p/recognition/clients/1/record",
        "/p/recognition/demonstrations/2",
    ],
)
def test_the_teachers_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "teacher@polku.test")
    page.goto(f"{live_server}{path}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_the_teachers_record_fits_a_phone(chromium, live_server):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    page.csp_violations = []
    sign_in(page, live_server, "teacher@polku.test")
    for path in ["/", "/p/recognition/clients/1", "/p/recognition/clients/1/record"]:
        page.goto(f"{live_server}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()


def test_the_teacher_returns_a_decision_in_the_browser(page, live_server):
    sign_in(page, live_server, "teacher@polku.test")
    page.goto(f"{live_server}/p/recognition/clients/1/units/3")
    page.get_by_role("button", name="Palauta valmentajalle").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    page.get_by_label("Kommentti").fill("Yrittäjyyden osuus: lisää osoitus.")
    page.get_by_role("button", name="Palauta valmentajalle").click()
    page.wait_for_load_state()
    assert "Päätös palautettiin valmentajalle" in page.content()


def test_employer_assesses_a_demonstration_in_the_browser(page, live_server):
    sign_in(page, live_server, "employer@polku.test")
    page.get_by_role("link", name="Työpaikkaohjaajaksi valmentautuminen").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna arviointi").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    for group in page.locator("fieldset.grade").all():
        group.locator("input[type=radio]").last.check()
    page.get_by_label("Opettaja").first.check()
    page.get_by_role("button", name="Tallenna arviointi").click()
    page.wait_for_load_state()
    assert "Arviointi tallennettu" in page.content()


@pytest.mark.parametrize(
    "path",
    ["/p/assessments/", "/p/assessments/clients/1", "/p/assessments/companies", "/clients/1"],
)
def test_assessment_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}{path}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_submitted_assessment_is_accessible(page, live_server):
    sign_in(page, live_server, "coach@polku.test")
    page.goto(f"{live_server}/p/assessments/")
    page.locator("table").last.locator("a").first.click()
    page.wait_for_load_state()
    assert "Lähetetty" in page.content()
    assert_accessible(page)


def test_supervisor_fills_an_assessment_on_a_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "employer@polku.test")
    page.locator(".plugin-assessments-waiting a").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Lähetä").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    for question in page.locator("fieldset.question").all():
        question.locator("input[type=radio]").nth(2).check()
    for text in page.locator("textarea").all():
        text.fill("Oppii nopeasti.")
    page.get_by_role("button", name="Lähetä").click()
    page.wait_for_load_state()
    assert "Arviointi lähetettiin" in page.content()


def test_young_person_opens_a_self_assessment(page, live_server):
    sign_in(page, live_server, "client@polku.test")
    page.locator("#tasks a", has_text="Täytä oma arviosi").first.click()
    page.wait_for_load_state()
    assert "Onnistun yleensä" in page.content()
    assert_accessible(page)


def test_trainee_ticks_a_step_in_the_browser(page, live_server):
    sign_in(page, live_server, "client@polku.test")
    page.get_by_role("link", name="Perehdytyslistani").click()
    page.wait_for_load_state()
    assert_accessible(page)
    buttons = page.get_by_role("button", name="Tein tämän")
    before = buttons.count()
    assert before > 0
    buttons.first.click()
    page.wait_for_load_state()
    assert "Vaihe merkittiin tehdyksi" in page.content()
    assert page.get_by_role("button", name="Tein tämän").count() == before - 1


@pytest.mark.parametrize(
    "email, path",
    [
        ("admin@polku.test", "/reports/"),
        ("admin@polku.test", "/reports/funder"),
        ("admin@polku.test", "/reports/settings"),
        ("coach@polku.test", "/reports/"),
        ("admin@polku.test", "/projects/"),
        ("admin@polku.test", "/projects/1/people"),
        ("admin@polku.test", "/projects/organisation"),
        ("manager@polku.test", "/"),
        ("coach@polku.test", "/clients/39"),
    ],
)
def test_report_pages_are_accessible(page, live_server, email, path):
    sign_in(page, live_server, email)
    page.goto(f"{live_server}{path}")
    assert page.locator("h1").count() == 1
    if path == "/reports/":
        assert page.locator("figure.chart svg[role=img]").count() >= 5
        page.locator("figure.chart details summary").first.click()
        assert page.locator("figure.chart details[open] table").count() == 1
    assert_accessible(page)
