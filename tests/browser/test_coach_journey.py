"""The coach's whole journey with one young person in a real browser, counted: a new client,
the intake (basic information, support needs and language, a consent), a group, a placement
at a partner company, a Check Point with its decision and the outcome. Every click, every
field typed or chosen and every page load is counted; the journey must take at most 60
clicks (it took 120 before the client page became an overview)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Checkpoint,
    Client,
    ClientSensitive,
    Company,
    Consent,
    Group,
    Outcome,
    Placement,
    Role,
    User,
)
from portal.models.group import group_members
from tests.browser.conftest import LIVE_APPS
from tests.browser.test_accessibility import assert_accessible, sign_in

MAX_CLICKS = 60
FIRST, LAST = "Journey", "Testinen"


@dataclass
class Counted:
    """The page with every click, field and page load counted."""

    page: object
    clicks: int = 0
    fields: int = 0
    loads: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.page.on("load", lambda p: self.loads.append(p.url))

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.locator(selector).first.click()
        self.page.wait_for_load_state()

    def type(self, selector: str, value: str) -> None:
        self.fields += 1
        self.page.locator(selector).first.fill(value)

    def choose(self, selector: str, label: str | None = None, value: str | None = None) -> None:
        self.fields += 1
        locator = self.page.locator(selector).first
        if label is not None:
            locator.select_option(label=label)
        elif value is not None:
            locator.select_option(value=value)
        else:
            locator.select_option(index=3)

    def tick(self, selector: str) -> None:
        self.clicks += 1
        self.page.locator(selector).first.check()

    def report(self) -> str:
        return f"clicks={self.clicks} fields={self.fields} page loads={len(self.loads)}"


def _new_client(c: Counted, group_id: int) -> None:
    c.click("nav a[href='/clients/']")
    c.click("main a[href='/clients/new']")
    c.type("#first_name", FIRST)
    c.type("#last_name", LAST)
    c.type("#birth_year", "2005")
    c.type("#phone", "040 123 4567")
    c.type("#municipality", "Tampere")
    c.choose("#group_id", value=str(group_id))
    assert_accessible(c.page)  # the form with its group choice
    c.click("main form button[type=submit], main form input[type=submit]")
    assert_accessible(c.page)  # the overview with the next step as its first button


def _intake(c: Counted) -> None:
    c.click("main a[href$='/sensitive']")
    c.type("#support_needs", "Lyhyet ohjeet kirjallisena.")
    c.type("#native_language", "arabia")
    c.choose("#finnish_level")
    c.click("main form button[type=submit], main form input[type=submit]")
    c.click("main a[href$='/consents/new']")
    c.choose("#scope", value="support_text")
    c.type("#shared_text", "Hyötyy kirjallisista ohjeista.")
    c.click("main form button[type=submit], main form input[type=submit]")


def _placement(c: Counted, company: str, supervisor: str) -> None:
    c.click("main a[href$='/placements/new']")  # the dates come prefilled: today, 8 weeks
    c.choose("#company_id", label=company)
    c.choose("#supervisor_id", label=f"{supervisor} ({company})")
    c.click("main form button[type=submit]")


def _checkpoint(c: Counted) -> None:
    c.click("main a[href$='/checkpoints/new']")
    c.type("#difficulty", "Myöhästelyä kahdesti viikossa.")
    c.click("main form button[type=submit]")
    c.type("#reassessment", "Täsmällisyys heikentynyt, muuten hyvä.")
    c.type("#decision_notes", "Siirtyy oppisopimuskoulutukseen toisen palvelun kautta.")
    c.choose("#decision", value="refer")
    c.click("main form[action$='/close'] button, main button[formaction$='/close']")


def _outcome(c: Counted) -> None:
    c.click("main a[href$='/outcome']")
    c.choose("#kind", value="study_place")
    c.type("#school", "Tredu")
    c.type("#programme", "Logistiikan perustutkinto")
    c.choose("#study_status", value="accepted")
    c.click("main form button[type=submit]")


def _demo_choices(app) -> tuple[str, str, str]:
    """An open group of the demo coach's, and a partner company with a supervisor."""
    with app.app_context():
        group = db.session.execute(
            select(Group.id, Group.name)
            .where(Group.coaches.any(User.email == "coach@polku.test"))
            .where(Group.end_date >= clock.today())
            .order_by(Group.start_date)
        ).first()
        company, supervisor = db.session.execute(
            select(Company.name, User.name)
            .join(User, User.company_id == Company.id)
            .where(User.role == Role.EMPLOYER, User.active.is_(True))
            .order_by(Company.name, User.name)
        ).first()
    return group, company, supervisor


def test_the_coach_journey_takes_at_most_sixty_clicks(page, live_server, capsys):
    app = LIVE_APPS[live_server]
    group, company, supervisor = _demo_choices(app)
    sign_in(page, live_server, "coach@polku.test")
    c = Counted(page)
    _new_client(c, group.id)
    _intake(c)
    _placement(c, company, supervisor)
    _checkpoint(c)
    _outcome(c)
    with capsys.disabled():
        print(f"\ncoach journey: {c.report()}")

    with app.app_context():
        client = db.session.scalars(select(Client).where(Client.last_name == LAST)).one()
        sensitive = db.session.get(ClientSensitive, client.id)
        assert sensitive.support_needs and sensitive.native_language == "arabia"
        assert sensitive.finnish_level
        scopes = db.session.scalars(select(Consent.scope).where(Consent.client_id == client.id))
        assert scopes.all() == ["support_text"]
        in_group = (
            select(Group.name).join(group_members).where(group_members.c.client_id == client.id)
        )
        assert db.session.scalars(in_group).all() == [group.name]
        placed = select(Company.name, Placement.start_date, Placement.end_date).join(Placement)
        today = clock.today()
        assert db.session.execute(placed.where(Placement.client_id == client.id)).all() == [
            (company, today, today + timedelta(weeks=8))  # the prefilled dates
        ]
        checkpoint = db.session.scalars(select(Checkpoint).where(Checkpoint.client_id == client.id))
        assert checkpoint.one().decision == "refer"
        outcome = db.session.scalars(select(Outcome).where(Outcome.client_id == client.id))
        assert outcome.one().school == "Tredu"
    assert c.clicks <= MAX_CLICKS, c.report()
