"""Deterministic, realistic Finnish demo data for trying the portal out.

Names, companies and business IDs are invented; business IDs carry valid check digits.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from portal.extensions import db
from portal.models import (
    Client,
    ClientSensitive,
    Company,
    Education,
    Goal,
    Group,
    PathwayState,
    Placement,
    PlacementType,
    Role,
    User,
)
from portal.passwords import hash_password

DEMO_PASSWORD = "polku-demo-2026"

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
REFERRALS = ["Ohjaamo", "TE-palvelut", "Sosiaalipalvelut", "Oppilaitos", "Oma yhteydenotto"]
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
TASKS = [
    "Keräily ja pakkaus, hyllytys, trukkikortin harjoittelu",
    "Esivalmistelu, salaattilinjasto, astiahuolto",
    "Porraskäytävien siivous, piha-alueiden hoito, jätehuolto",
]


def load_demo_data(today: date | None = None) -> dict[str, int]:
    """Add the demo set; returns what was added. The caller checks the database is empty."""
    today = today or date.today()
    rng = random.Random(2026)
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: every demo account shares it

    def account(email: str, name: str, role: Role, company: Company | None = None) -> User:
        user = User(
            email=email,
            name=name,
            role=role,
            password_hash=password_hash,
            active=True,
            company=company,
        )
        db.session.add(user)
        return user

    account("admin@polku.test", "Hanna Projektipäällikkö", Role.ADMIN)
    coaches = [
        account("coach@polku.test", "Kaisa Valmentaja", Role.COACH),
        account("coach2@polku.test", "Olli Ohjaaja", Role.COACH),
    ]
    companies = [
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
    db.session.add_all(companies)
    employers = [account(e, n, Role.EMPLOYER, companies[i]) for e, n, i in EMPLOYERS]

    groups = []
    for number, (weeks_ago, coach) in enumerate(
        [(12, coaches[0]), (6, coaches[1]), (1, coaches[0])], start=1
    ):
        start = today - timedelta(weeks=weeks_ago)
        group = Group(
            name=f"Polku-ryhmä {number}/{start.year}",
            start_date=start,
            end_date=start + timedelta(days=11),
            coaches=[coach],
        )
        groups.append(group)
    db.session.add_all(groups)

    clients = []
    for index in range(30):
        group = groups[index % 3]
        coach = group.coaches[0]
        immigrant = index % 3 == 1
        if immigrant:
            first, last, language = IMMIGRANT_NAMES[index // 3]
        else:
            first, last, language = FIRST_NAMES[index % 18], LAST_NAMES[index % 13], "suomi"
        client = Client(
            first_name=first,
            last_name=last,
            birth_year=today.year - rng.randint(17, 28),
            email=f"{first.lower()}.{last.lower().replace(' ', '')}@example.fi".replace(
                "ä", "a"
            ).replace("ö", "o"),
            phone=f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            municipality=rng.choice(MUNICIPALITIES),
            referral_source=rng.choice(REFERRALS),
            highest_education=Education.FOREIGN if immigrant and index % 2 else Education.BASIC,
            has_vocational_qualification=index % 7 == 0,
            goal=list(Goal)[index % 3],
            preferred_fields=FIELDS[index % 5],
            coach=coach,
            state=PathwayState.WORKPLACE_COACHING
            if group is not groups[2]
            else PathwayState.ATTITUDE_TRAINING,
        )
        group.members.append(client)
        clients.append(client)
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
    db.session.add_all(clients)

    placements = 0
    for index, client in enumerate(clients):
        if client.state != PathwayState.WORKPLACE_COACHING:
            continue
        company_index = (index // 3) % 3
        group_start = client.groups[0].start_date
        start = group_start + timedelta(weeks=2)
        db.session.add(
            Placement(
                client=client,
                company=companies[company_index],
                supervisor=employers[company_index * 2 + index % 2],
                kind=PlacementType.WORKPLACE_COACHING,
                start_date=start,
                end_date=start + timedelta(weeks=10),
                tasks=TASKS[company_index],
            )
        )
        placements += 1

    # The demo client signs in as the first client, who is placed at the demo employer's company.
    first = clients[0]
    first.email = "client@polku.test"
    first.user = account("client@polku.test", first.full_name, Role.CLIENT)
    db.session.commit()
    return {
        "users": 10,
        "companies": len(companies),
        "groups": len(groups),
        "clients": len(clients),
        "placements": placements,
    }
