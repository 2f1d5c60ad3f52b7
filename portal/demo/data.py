"""Deterministic, realistic Finnish demo data: every phase of the pathway is represented.

Names, companies and business IDs are invented; business IDs carry valid check digits.
Dates are relative to the day the data is loaded, so the worklist always has something due.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from portal.app import clock
from portal.app.extensions import db
from portal.auth.passwords import hash_password
from portal.models import (
    Attendance,
    Checkpoint,
    CheckpointAction,
    Client,
    ClientSensitive,
    Company,
    Consent,
    ContactNote,
    Education,
    FollowUp,
    Goal,
    Group,
    GroupSession,
    JobSearchActivity,
    NetworkPartner,
    Outcome,
    PathwayState,
    Placement,
    PriorLearning,
    Referral,
    Role,
    StateTransition,
    User,
)
from portal.pathway.dates import add_months

DEMO_PASSWORD = "polku-demo-2026"
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
STATUSES = [
    "unemployed",
    "unemployed",
    "long_term_unemployed",
    "inactive",
    "unemployed",
    "in_education",
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
TASKS = [
    "Keräily ja pakkaus, hyllytys, trukkikortin harjoittelu",
    "Esivalmistelu, salaattilinjasto, astiahuolto",
    "Porraskäytävien siivous, piha-alueiden hoito, jätehuolto",
]
PRIOR = [
    ("Kesätyö kaupan kassalla", "K-Market", "2 kesää", "Työtodistus"),
    ("Varastotyö perheen yrityksessä", "kotimaassa", "1 vuosi", "Suullinen kuvaus"),
    ("Hygieniapassi", "Ruokavirasto", "", "Todistus"),
    ("Lastenhoito", "naapurit", "3 vuotta", "Suositus"),
]
OUTCOMES = [
    dict(kind="employed_coaching_company", company=0),
    dict(
        kind="employed_same_field",
        employer_name="Logistiikka Nieminen Oy",
        field="varasto ja logistiikka",
    ),
    dict(kind="employed_other_field", employer_name="Hoivakoti Kaisla", field="hoiva-ala"),
    dict(
        kind="study_place",
        school="Stadin ammatti- ja aikuisopisto",
        programme="Logistiikan perustutkinto",
        study_status="accepted",
    ),
    dict(kind="work_trial", employer_name="Kaupungin kierrätyskeskus"),
    dict(kind="referred", partner=2, details="Tuetun asumisen jono"),
    dict(kind="other", details="Varusmiespalvelus alkaa"),
    dict(kind="employed_coaching_company", company=1),
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


class _Demo:
    """Builds the demo set step by step; every date is relative to ``today``."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.rng = random.Random(2026)
        self.password_hash = hash_password(DEMO_PASSWORD)  # one hash for every demo account

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

    def history(self, client: Client, steps: list[tuple[str, date]], coach: User) -> None:
        client.entry_date = steps[0][1] if steps else self.today
        previous = S.REFERRED
        for state, day in steps:
            db.session.add(
                StateTransition(
                    client=client,
                    from_state=previous,
                    to_state=state,
                    actor_id=coach.id,
                    at=_at(day),
                )
            )
            previous = state
        client.state = previous

    def person(self, index: int, coach: User) -> Client:
        immigrant = index % 3 == 1
        if immigrant:
            first, last, language = IMMIGRANT_NAMES[(index // 3) % len(IMMIGRANT_NAMES)]
        else:
            first = FIRST_NAMES[index % len(FIRST_NAMES)]
            last, language = LAST_NAMES[index % len(LAST_NAMES)], "suomi"
        email = f"{first}.{last}".lower().replace(" ", "").replace("ä", "a").replace("ö", "o")
        client = Client(
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


def load_demo_data(today: date | None = None) -> dict[str, int]:
    """Add the demo set; returns what was added. The caller checks the database is empty."""
    d = _Demo(today or clock.today())
    d.account("admin@polku.test", "Hanna Projektipäällikkö", Role.ADMIN)
    coaches = [
        d.account("coach@polku.test", "Kaisa Valmentaja", Role.COACH),
        d.account("coach2@polku.test", "Olli Ohjaaja", Role.COACH),
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
    employers = [d.account(e, n, Role.EMPLOYER, companies[i]) for e, n, i in EMPLOYERS]
    partners = [NetworkPartner(name=n, kind=k, contact=c) for n, k, c in PARTNERS]
    db.session.add_all(partners)

    # Three groups: finished long ago (now in the further pathway and follow-up), in workplace
    # coaching now, and in Attitude Training this week.
    starts = [d.days_ago(7 * 36), d.days_ago(7 * 6), d.days_ago(3)]
    teams = [[coaches[1], coaches[0]], [coaches[0]], [coaches[0], coaches[1]]]
    groups = [
        Group(
            name=f"Polku-ryhmä {n}/{start.year}",
            start_date=start,
            end_date=start + timedelta(days=11),
            coaches=team,
        )
        for n, (start, team) in enumerate(zip(starts, teams, strict=True), start=1)
    ]
    db.session.add_all(groups)

    clients = []
    for index in range(30):
        group = groups[[1, 0, 2][index % 3]]  # the first client (demo login) is in coaching now
        client = d.person(index, group.coaches[0])
        group.members.append(client)
        clients.append(client)
    waiting = [d.person(30 + i, coaches[i % 2]) for i in range(4)]  # not in a group yet

    _sessions(d, groups[2], [c for c in clients if groups[2] in c.groups])
    _coaching_now(d, [c for c in clients if groups[1] in c.groups], companies, employers)
    _finished(d, [c for c in clients if groups[0] in c.groups], companies, employers, partners)
    for i, client in enumerate(waiting):
        d.history(client, [(S.INTAKE, d.days_ago(5))] if i % 2 else [], client.coach)

    quiet = [c for c in clients if groups[1] in c.groups][2]  # nobody has seen them in weeks
    for client in clients + waiting:
        if client.state in (S.ATTITUDE_TRAINING, S.WORKPLACE_COACHING, S.CHECKPOINT, S.PATHWAY):
            days = 20 if client is quiet else d.rng.randint(1, 9)
            db.session.add(
                ContactNote(
                    client=client,
                    on=d.days_ago(days),
                    channel="meeting",
                    summary="Kuulumiset ja seuraavat askeleet",
                    author_id=client.coach.id,
                )
            )

    first = clients[0]  # the demo client signs in and agreed to share her intake summary
    first.email = "client@polku.test"
    first.user = d.account("client@polku.test", first.full_name, Role.CLIENT)
    db.session.add(Consent(client=first, scope="intake_summary", recorded_by_id=coaches[1].id))
    db.session.add(
        JobSearchActivity(
            client=first,
            on=d.days_ago(4),
            kind="application",
            organisation="Logistiikka Nieminen Oy",
            position="Varastotyöntekijä",
            result="pending",
        )
    )
    db.session.commit()
    return {
        "users": 11,
        "companies": len(companies),
        "groups": len(groups),
        "clients": len(clients) + len(waiting),
        "partners": len(partners),
    }


def _sessions(d: _Demo, group: Group, members: list[Client]) -> None:
    """Attitude Training this week, with attendance; one member missed two sessions."""
    topics = [
        ("working_life_skills", "Työelämän pelisäännöt"),
        ("company_visit", "Vierailu: Varastopolku Oy"),
        ("working_life_skills", "Työturvallisuus"),
    ]
    for day, (topic, title) in enumerate(topics):
        session = GroupSession(
            group=group, on=group.start_date + timedelta(days=day), topic=topic, title=title
        )
        db.session.add(session)
        for i, member in enumerate(members):
            status = (
                "absent"
                if i == 1 and day > 0
                else ("excused" if i == 2 and day == 1 else "present")
            )
            db.session.add(Attendance(session=session, client=member, status=status))
    for member in members:
        d.history(
            member,
            [
                (S.INTAKE, group.start_date - timedelta(days=7)),
                (S.ATTITUDE_TRAINING, group.start_date),
            ],
            member.coach,
        )


def _placement(
    client: Client, company: Company, supervisor: User, start: date, weeks: int, task: str, **extra
) -> Placement:
    placement = Placement(
        client=client,
        company=company,
        supervisor=supervisor,
        start_date=start,
        end_date=start + timedelta(weeks=weeks),
        tasks=task,
        **extra,
    )
    db.session.add(placement)
    return placement


def _coaching_now(
    d: _Demo, members: list[Client], companies: list[Company], employers: list[User]
) -> None:
    for i, client in enumerate(members):
        company_index = 0 if i < 4 else 1 if i < 8 else 2
        group_start = client.groups[0].start_date
        start = group_start + timedelta(weeks=2)
        weeks = 4 if i == 3 else 10  # one placement ends within a week, with no next step
        placement = _placement(
            client,
            companies[company_index],
            employers[company_index * 2 + i % 2],
            start,
            weeks,
            TASKS[company_index],
            next_step="" if i == 3 else "Työnhaku alalle jatkuu",
        )
        d.history(
            client,
            [
                (S.INTAKE, group_start - timedelta(days=7)),
                (S.ATTITUDE_TRAINING, group_start),
                (S.WORKPLACE_COACHING, start),
            ],
            client.coach,
        )
        if i == 5:  # a supervisor's concern is being handled at an open Check Point
            checkpoint = Checkpoint(
                client=client,
                placement=placement,
                source="supervisor",
                opened_by_id=placement.supervisor.id,
                opened_at=_at(d.days_ago(2)),
                difficulty="Myöhästellyt aamuisin kolmesti tällä viikolla.",
                next_meeting=d.today + timedelta(days=2),
            )
            db.session.add(checkpoint)
            db.session.add(
                CheckpointAction(
                    checkpoint=checkpoint,
                    owner="Valmentaja",
                    description="Soita aamuisin viikon ajan",
                    due_date=d.days_ago(1),
                )
            )
            d.history(
                client,
                [
                    (S.INTAKE, group_start - timedelta(days=7)),
                    (S.ATTITUDE_TRAINING, group_start),
                    (S.WORKPLACE_COACHING, start),
                    (S.CHECKPOINT, d.days_ago(2)),
                ],
                client.coach,
            )


def _finished(
    d: _Demo,
    members: list[Client],
    companies: list[Company],
    employers: list[User],
    partners: list[NetworkPartner],
) -> None:
    """The first group: placements over, outcomes of every kind, follow-ups due and done."""
    db.session.flush()  # outcomes refer to companies and partners by id
    for i, client in enumerate(members):
        group_start = client.groups[0].start_date
        start = group_start + timedelta(weeks=2)
        company_index = i % 3
        placement = _placement(
            client,
            companies[company_index],
            employers[company_index * 2],
            start,
            10,
            TASKS[company_index],
        )
        placement.ended_on = placement.end_date
        placement.end_reason = "Jakso päättyi suunnitellusti"
        steps = [
            (S.INTAKE, group_start - timedelta(days=7)),
            (S.ATTITUDE_TRAINING, group_start),
            (S.WORKPLACE_COACHING, start),
        ]
        if i == 1:  # a Check Point during coaching, closed with intensified coaching
            db.session.add(
                Checkpoint(
                    client=client,
                    placement=placement,
                    source="coach",
                    opened_by_id=client.coach.id,
                    opened_at=_at(start + timedelta(weeks=3)),
                    difficulty="Poissaoloja",
                    reassessment="Työelämätaidot 3/5",
                    decision="continue_intensified",
                    decision_notes="Tiiviimpi yhteydenpito",
                    closed_at=_at(start + timedelta(weeks=4)),
                    closed_by_id=client.coach.id,
                )
            )
            steps += [
                (S.CHECKPOINT, start + timedelta(weeks=3)),
                (S.WORKPLACE_COACHING, start + timedelta(weeks=4)),
            ]
        steps.append((S.PATHWAY, placement.end_date))
        if i >= len(OUTCOMES):  # still planning the next step
            d.history(client, steps, client.coach)
            continue
        spec = dict(OUTCOMES[i])
        on = placement.end_date + timedelta(days=7) - timedelta(weeks=4 if i == 7 else 0)
        if i == 7:
            on = add_months(d.today, -6) - timedelta(days=10)  # old enough to be closed
        outcome = Outcome(
            client=client,
            kind=spec.pop("kind"),
            on=on,
            company_id=companies[spec.pop("company")].id if "company" in spec else None,
            partner_id=partners[spec.pop("partner")].id if "partner" in spec else None,
            recorded_by_id=client.coach.id,
            **spec,
        )
        db.session.add(outcome)
        if outcome.kind == "referred":
            db.session.add(
                Referral(
                    client=client,
                    partner=partners[2],
                    direction="out",
                    on=on,
                    reason="Asumisen tuki ennen työelämää",
                    author_id=client.coach.id,
                )
            )
        steps.append((S.FOLLOW_UP, on))
        done = 0
        for months in (3, 6):
            due = add_months(on, months)
            follow_up = FollowUp(client=client, months=months, due_date=due)
            if due <= d.today and (i % 2 == 0 or i == 7):
                follow_up.result = "employed" if "employed" in outcome.kind else "studying"
                follow_up.recorded_at = _at(due)
                follow_up.recorded_by_id = client.coach.id
                done += 1
            db.session.add(follow_up)
        if done == 2:
            steps.append((S.CLOSED, add_months(on, 6)))
        d.history(client, steps, client.coach)
