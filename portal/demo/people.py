"""Demo people and partners: staff accounts, partner companies, network partners, young people.

Names, companies and business IDs are invented; business IDs carry valid check digits.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from portal.app.extensions import db
from portal.models import (
    Client,
    ClientSensitive,
    Company,
    Education,
    Goal,
    NetworkPartner,
    PathwayState,
    PriorLearning,
    Project,
    Role,
    StateTransition,
    User,
)

S = PathwayState

COMPANIES = [
    ("Varastopolku Oy", "2914650-5", "Varasto ja logistiikka", "Tavaratie 12", "00880", "Helsinki"),
    (
        "Ravintola Kaneli Oy",
        "3071849-4",
        "Ravintola-ala",
        "Mannerheimintie 40",
        "00100",
        "Helsinki",
    ),
    (
        "Kiinteistöhuolto Sirkka Oy",
        "1846203-5",
        "Kiinteistö- ja siivouspalvelut",
        "Koivukuja 3",
        "01300",
        "Vantaa",
    ),
]
EMPLOYERS = [
    ("employer@polku.test", "Tiina Lehtonen", 0),
    ("varasto.esimies@polku.test", "Jari Koskinen", 0),
    ("employer2@polku.test", "Mikael Nyström", 1),
    ("keittio@polku.test", "Sanna Heikkinen", 1),
    ("huolto@polku.test", "Pekka Räsänen", 2),
    ("siivous@polku.test", "Leila Ahmadi", 2),
]
PARTNERS = [
    ("Ohjaamo Helsinki", "ohjaamo", "ohjaamo@example.fi, 09 123 4567"),
    ("Helsingin työllisyyspalvelut", "employment_services", "tyollisyys@example.fi"),
    ("Nuorten sosiaali- ja terveyspalvelut", "social_health", "nuoret.sote@example.fi"),
    ("Stadin ammatti- ja aikuisopisto", "school", "hakeminen@example.fi"),
]
FIRST_NAMES = [
    "Aino",
    "Eetu",
    "Veeti",
    "Emma",
    "Onni",
    "Lotta",
    "Niko",
    "Sara",
    "Joonas",
    "Iida",
    "Elias",
    "Ella",
    "Aleksi",
    "Venla",
    "Miro",
    "Pinja",
    "Juho",
    "Helmi",
    "Oskari",
    "Nea",
    "Leevi",
    "Siiri",
    "Otto",
    "Kerttu",
]
IMMIGRANT_NAMES = [
    ("Amina", "Hassan", "somali"),
    ("Dmitri", "Volkov", "venäjä"),
    ("Fatima", "Al-Sayed", "arabia"),
    ("Nguyen", "Van Anh", "vietnam"),
    ("Yusuf", "Demir", "turkki"),
    ("Olena", "Kovalenko", "ukraina"),
    ("Ahmad", "Rahimi", "dari"),
    ("Maryam", "Karimi", "persia"),
    ("Ali", "Mohamed", "somali"),
    ("Hoa", "Tran", "vietnam"),
    ("Samir", "Haddad", "arabia"),
    ("Iryna", "Shevchenko", "ukraina"),
]
LAST_NAMES = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Salminen",
]
MUNICIPALITIES = ["Helsinki", "Helsinki", "Helsinki", "Vantaa", "Espoo"]
REFERRALS = ["Ohjaamo", "Työllisyyspalvelut", "Sosiaalipalvelut", "Oppilaitos", "Oma yhteydenotto"]
FIELDS = ["varasto ja logistiikka", "ravintola-ala", "kiinteistöhuolto", "kauppa", "hoiva-ala"]
LEVELS = ["A1.2", "A1.3", "A2.1", "A2.2", "B1.1", "B1.2"]
SUPPORT = [
    (
        "Lukemisen ja kirjoittamisen vaikeus (dysleksia).",
        "Ohjeet mieluiten suullisesti ja kuvin; lisäaikaa kirjallisiin tehtäviin.",
    ),
    ("Keskittymisvaikeuksia, ADHD-diagnoosi.", "Lyhyet työjaksot ja selkeä päivärytmi."),
    ("", "Tukea aamuherätyksiin ja ajanhallintaan."),
]
PRIOR = [
    ("Kesätyö kaupan kassalla", "K-Market", "2 kesää", "Työtodistus"),
    ("Varastotyö perheen yrityksessä", "kotimaassa", "1 vuosi", "Suullinen kuvaus"),
    ("Hygieniapassi", "Ruokavirasto", "", "Todistus"),
    ("Lastenhoito", "naapurit", "3 vuotta", "Suositus"),
]


def at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


class Demo:
    """Builds the demo set step by step; every date is relative to ``today``."""

    def __init__(self, today: date, password_hash: str) -> None:
        self.today = today
        self.rng = random.Random(2026)
        self.password_hash = password_hash  # one hash for every demo account

    def account(self, email: str, name: str, role: Role, company: Company | None = None) -> User:
        user = User(
            email=email,
            name=name,
            role=role,
            password_hash=self.password_hash,
            active=True,
            company=company,
        )
        db.session.add(user)
        return user

    def days_ago(self, n: int) -> date:
        return self.today - timedelta(days=n)

    def history(
        self,
        client: Client,
        steps: list[tuple[str, date]],
        coach: User,
        reasons: dict[str, str] | None = None,
    ) -> None:
        """The client's moves, each on its day; ``reasons`` gives a move's reason by phase."""
        client.entry_date = steps[0][1] if steps else self.today
        previous = S.REFERRED
        for state, day in steps:
            db.session.add(
                StateTransition(
                    client=client,
                    from_state=previous,
                    to_state=state,
                    reason=(reasons or {}).get(state, ""),
                    actor_id=coach.id,
                    at=at(day),
                )
            )
            previous = state
        client.state = previous

    def person(self, index: int, coach: User, project: Project) -> Client:
        immigrant = index % 3 == 1
        if immigrant:
            first, last, language = IMMIGRANT_NAMES[(index // 3) % len(IMMIGRANT_NAMES)]
        else:
            first = FIRST_NAMES[index % len(FIRST_NAMES)]
            last, language = LAST_NAMES[index % len(LAST_NAMES)], "suomi"
        email = f"{first}.{last}".lower().replace(" ", "").replace("ä", "a").replace("ö", "o")
        client = Client(
            project=project,
            first_name=first,
            last_name=last,
            birth_year=self.today.year - self.rng.randint(17, 28),
            email=f"{email}@example.fi",
            phone=f"040 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}",
            municipality=self.rng.choice(MUNICIPALITIES),
            referral_source=self.rng.choice(REFERRALS),
            highest_education=Education.FOREIGN if immigrant and index % 2 else Education.BASIC,
            has_vocational_qualification=index % 7 == 0,
            goal=list(Goal)[index % 3],
            preferred_fields=FIELDS[index % 5],
            coach=coach,
            state=S.REFERRED,
        )
        support = SUPPORT[index % 3] if index % 4 == 0 else ("", "")
        db.session.add(
            ClientSensitive(
                client=client,
                immigrant_background=immigrant,
                native_language=language,
                finnish_level=LEVELS[index % 6] if immigrant else "",
                learning_difficulties=support[0],
                support_needs=support[1],
            )
        )
        what, where, duration, evidence = PRIOR[index % len(PRIOR)]
        db.session.add(
            PriorLearning(
                client=client, what=what, where=where, duration=duration, evidence=evidence
            )
        )
        db.session.add(client)
        return client


def companies() -> list[Company]:
    """The partner companies, added to the session."""
    added = [
        Company(
            name=n,
            business_id=b,
            industry=i,
            street_address=a,
            postal_code=p,
            city=c,
            status="active",
        )
        for n, b, i, a, p, c in COMPANIES
    ]
    db.session.add_all(added)
    return added


def partners() -> list[NetworkPartner]:
    """The network partners, added to the session."""
    added = [NetworkPartner(name=n, kind=k, contact=c) for n, k, c in PARTNERS]
    db.session.add_all(added)
    return added
